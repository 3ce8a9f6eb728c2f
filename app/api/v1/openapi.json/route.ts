import { openApiDocument } from "../_lib/openapi";

export const dynamic = "force-dynamic";

/** GET /api/v1/openapi.json — the API description, public so tools can read it before anyone has a token. */
export function GET(request: Request) {
  const origin = new URL(request.url).origin;
  return Response.json(openApiDocument(origin), { headers: { "Cache-Control": "public, max-age=300", "Access-Control-Allow-Origin": "*" } });
}

import { buildSchema, printSchema } from "graphql";
import { TYPE_DEFS } from "../_lib/schema";

export const dynamic = "force-static";

/** GET /api/graphql/schema.graphql — the schema of /api/graphql, as SDL. */
export function GET() {
  return new Response(`${printSchema(buildSchema(TYPE_DEFS))}\n`, {
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "public, max-age=300" },
  });
}

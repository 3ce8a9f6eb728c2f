import { isAppError } from "@/lib/errors/app-error";

/** An RFC 9457 problem response for an error; details of unexpected errors stay in the server log. */
export function problemResponse(error: unknown, headers: Record<string, string> = {}): Response {
  if (isAppError(error)) {
    return Response.json(
      { type: `about:blank`, title: error.code, status: error.status, detail: error.message, ...(Object.keys(error.fieldErrors).length ? { errors: error.fieldErrors } : {}) },
      { status: error.status, headers: { "Content-Type": "application/problem+json", ...headers } },
    );
  }
  console.error(error);
  return Response.json(
    { type: "about:blank", title: "internal", status: 500, detail: "Something went wrong on our side. Try again later." },
    { status: 500, headers: { "Content-Type": "application/problem+json" } },
  );
}

export function wantsHtml(request: Request): boolean {
  return (request.headers.get("accept") ?? "").includes("text/html");
}

import "server-only";
import { AppError, isAppError } from "@/lib/errors/app-error";

const TITLES: Record<number, string> = {
  400: "Bad request",
  401: "Sign in required",
  403: "Forbidden",
  404: "Not found",
  409: "Conflict",
  410: "Gone",
  416: "Range not satisfiable",
  422: "The request is not valid",
  429: "Limit exceeded",
  500: "Internal error",
};

/** An RFC 9457 problem document; field errors travel as an `errors` extension member keyed by field path. */
export function problem(error: AppError, instance?: string): Response {
  const body = {
    type: `about:blank`,
    title: TITLES[error.status] ?? "Error",
    status: error.status,
    detail: error.message,
    code: error.code,
    ...(instance ? { instance } : {}),
    ...(Object.keys(error.fieldErrors).length ? { errors: error.fieldErrors } : {}),
  };
  return new Response(JSON.stringify(body), {
    status: error.status,
    headers: { "Content-Type": "application/problem+json", "Cache-Control": "no-store" },
  });
}

/**
 * Runs a route handler body; AppErrors become problem documents, anything else is logged and answered
 * with a generic 500 so no internal detail reaches the client.
 */
export async function withProblems(request: Request, fn: () => Promise<Response>): Promise<Response> {
  try {
    return await fn();
  } catch (error) {
    const instance = new URL(request.url).pathname;
    if (isAppError(error)) return problem(error, instance);
    // The export engine's own refusal of a request (it re-validates what it compiles) is the caller's to fix.
    if (error instanceof Error && error.name === "ExportRequestError") {
      const field = (error as Error & { field?: string }).field ?? "request";
      return problem(new AppError("invalid", error.message, { [field]: error.message }), instance);
    }
    console.error(`${request.method} ${instance}`, error);
    return problem(new AppError("internal", "Something went wrong on our side. Try again; if it keeps happening, contact support."), instance);
  }
}

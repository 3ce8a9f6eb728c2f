import "server-only";
import { AppError, isAppError } from "@/lib/errors/app-error";
import { inputRefusal } from "@/lib/export-requests/refusals";

const TITLES: Record<number, string> = {
  400: "Bad request",
  401: "Sign in required",
  403: "Forbidden",
  404: "Not found",
  409: "Conflict",
  410: "Gone",
  415: "Unsupported media type",
  416: "Range not satisfiable",
  422: "The request is not valid",
  429: "Limit exceeded",
  500: "Internal error",
};

const INTERNAL = "Something went wrong on our side. Try again; if it keeps happening, contact support.";

/** An RFC 9457 problem document; field errors travel as an `errors` extension member keyed by field path. */
export function problem(error: AppError, instance?: string): Response {
  const body = {
    type: "about:blank",
    title: TITLES[error.status] ?? "Error",
    status: error.status,
    detail: error.message,
    code: error.code,
    ...(instance ? { instance } : {}),
    ...(Object.keys(error.fieldErrors).length ? { errors: error.fieldErrors } : {}),
  };
  const headers: Record<string, string> = { "Content-Type": "application/problem+json", "Cache-Control": "no-store" };
  // RFC 9110 §11.6.1: a 401 names the scheme that would be accepted.
  if (error.status === 401) headers["WWW-Authenticate"] = 'Bearer realm="api"';
  if (error.retryAfterSeconds !== undefined) headers["Retry-After"] = String(Math.max(1, Math.ceil(error.retryAfterSeconds)));
  return new Response(JSON.stringify(body), { status: error.status, headers });
}

/**
 * Any error as a problem document: AppErrors say what happened, bad input that surfaced as another error
 * is still 422, and anything else is logged and stays vague.
 */
export function problemResponse(error: unknown, instance?: string): Response {
  if (isAppError(error)) return problem(error, instance);
  const refusal = inputRefusal(error);
  if (refusal) return problem(refusal, instance);
  console.error(instance ?? "request failed", error);
  return problem(new AppError("internal", INTERNAL), instance);
}

/** Runs a route handler body and answers errors as problem documents. */
export async function withProblems(request: Request, fn: () => Promise<Response>): Promise<Response> {
  try {
    return await fn();
  } catch (error) {
    return problemResponse(error, new URL(request.url).pathname);
  }
}

/** Whether the caller is a browser (a person) rather than an API client. */
export function wantsHtml(request: Request): boolean {
  return (request.headers.get("accept") ?? "").includes("text/html");
}

/** A refusal from the portal's API, with the problem document's message and per-field errors. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly fieldErrors: Record<string, string> = {},
  ) {
    super(message);
    this.name = "ApiError";
  }
}

/** fetch for the portal's JSON API: problem+json answers become ApiErrors with a message to show. */
export async function apiFetch<T>(url: string, init?: RequestInit): Promise<T> {
  const res = await fetch(url, {
    ...init,
    headers: { Accept: "application/json", ...(init?.body ? { "Content-Type": "application/json" } : {}), ...init?.headers },
    credentials: "same-origin",
  });
  if (res.ok) return (await res.json()) as T;
  let detail = `The portal answered ${res.status}.`;
  let errors: Record<string, string> = {};
  try {
    const body = (await res.json()) as { detail?: string; errors?: Record<string, string> };
    detail = body.detail ?? detail;
    errors = body.errors ?? {};
  } catch {
    // Not a problem document (a proxy error page, say); keep the generic message.
  }
  if (res.status === 401) detail = "Your session has ended. Sign in again.";
  throw new ApiError(res.status, detail, errors);
}

/** Where sign-in goes when no (acceptable) page was asked for. */
export const DEFAULT_CALLBACK = "/exports";

const BASE = "http://portal.invalid";

/**
 * The page to come back to after sign-in: only a path of this portal. Anything that could leave it is
 * refused: another origin ("https://…", "//host", "/\host", which browsers read as "//host"), a scheme
 * ("javascript:"), control characters; also the sign-in pages themselves, which would loop.
 */
export function safeCallbackPath(value: unknown, fallback = DEFAULT_CALLBACK): string {
  if (typeof value !== "string" || value.length === 0 || value.length > 2000) return fallback;
  if (!value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return fallback;
  if (/[\u0000-\u001f\u007f\\]/.test(value)) return fallback;
  let url: URL;
  try {
    url = new URL(value, BASE);
  } catch {
    return fallback;
  }
  if (url.origin !== BASE) return fallback;
  if (url.pathname === "/sign-in" || url.pathname === "/check-email" || url.pathname.startsWith("/api/auth")) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}

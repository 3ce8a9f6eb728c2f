import { AppError } from "@/lib/errors/app-error";

/** Methods that read only; everything else may change something and must come from the portal itself. */
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * The origins a browser request may come from: the portal's public URL (APP_URL, and AUTH_URL should it
 * differ) and the origin the request itself was sent to, as its Host header says. A browser cannot set
 * Host, and another port of the same host is another origin, so a same-site page is not let in.
 */
function allowedOrigins(request: Request, publicUrls: (string | undefined)[]): Set<string> {
  const allowed = new Set<string>();
  for (const url of publicUrls) {
    if (!url) continue;
    try {
      allowed.add(new URL(url).origin);
    } catch {
      // A malformed URL is refused at start-up by the configuration check; here it simply allows nothing.
    }
  }
  const host = request.headers.get("host");
  if (host) {
    const scheme = new URL(request.url).protocol;
    allowed.add(`${scheme}//${host}`.toLowerCase());
    // Behind a TLS-terminating proxy the portal sees http while the browser used https.
    allowed.add(`https://${host}`.toLowerCase());
  }
  return allowed;
}

export function isAllowedOrigin(request: Request, origin: string, publicUrls: (string | undefined)[]): boolean {
  return allowedOrigins(request, publicUrls).has(origin.toLowerCase());
}

export function mediaType(contentType: string | null): string | null {
  return contentType ? (contentType.split(";")[0] ?? "").trim().toLowerCase() : null;
}

/** Whether a request carries a body: a browser form always sends a Content-Type, fetch with a body too. */
function hasBody(request: Request): boolean {
  const length = request.headers.get("content-length");
  return request.headers.has("content-type") || request.headers.has("transfer-encoding") || (length !== null && length !== "0");
}

/**
 * Why a request authenticated by the session cookie is refused, or null when it may go on. A request that
 * changes something must show that it comes from the portal's own pages (its Origin, or
 * `Sec-Fetch-Site: same-origin`), and a body must be JSON: a form on another page, even on another port of
 * the same host, has neither. A request that shows nothing is refused as well: an old browser or a proxy
 * may drop both headers, and a script has no need of the cookie, since an API token serves it.
 * Requests with an API token carry no ambient credential and are not checked.
 */
export function cookieRequestRefusal(request: Request, publicUrls: (string | undefined)[]): AppError | null {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return null;
  const site = request.headers.get("sec-fetch-site");
  const origin = request.headers.get("origin");
  const sameOrigin = site === "same-origin" || (origin !== null && isAllowedOrigin(request, origin, publicUrls));
  if (!sameOrigin) {
    const from = origin && origin !== "null" ? ` (it came from ${origin.slice(0, 200)})` : site === null && origin === null ? " (it had no Origin header)" : "";
    return new AppError(
      "forbidden",
      `This request was refused because it did not come from the portal's own pages${from}. A signed-in browser can change things only from the portal itself; scripts should send an API token as Authorization: Bearer <token>.`,
    );
  }
  if (hasBody(request) && mediaType(request.headers.get("content-type")) !== "application/json") {
    return new AppError("unsupported_media_type", "Send the request body as JSON, with the header Content-Type: application/json.");
  }
  return null;
}

/**
 * The portal's security headers. Pages get a Content Security Policy with a fresh nonce per request (set in
 * proxy.ts; Next reads the nonce from the request's policy and puts it on its own scripts), everything else
 * a policy that allows nothing, since JSON, problem documents and archives never need to run anything.
 */

/** Sent on every response, pages, API, downloads and static files alike (next.config.ts). */
export const BASE_SECURITY_HEADERS: ReadonlyArray<{ key: string; value: string }> = [
  // The portal's pages must not be framed: a framing page could make an admin click without knowing.
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  // Page addresses name exports and workspaces; other sites need not learn them.
  { key: "Referrer-Policy", value: "same-origin" },
];

/** For responses that are never HTML a person works with: API answers and downloads. */
export const NON_PAGE_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/**
 * For pages. Scripts run only with the nonce ('strict-dynamic' lets Next's own loader add its chunks);
 * styles may be inline, since React and the UI libraries set style attributes. Development needs eval
 * (React's debugging) and a websocket (hot reload).
 */
export function pagePolicy(nonce: string, dev: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self'${dev ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** A nonce for one response: 128 random bits, base64. */
export function newNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
}

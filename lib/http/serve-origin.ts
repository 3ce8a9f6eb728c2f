/**
 * Without a serve origin the Inngest SDK builds the URL it registers (and the engine then calls) from the
 * request's Host header, which any client can set on PUT /api/inngest. In production the origin must be
 * configured. `npm start` sets it for the embedded engine, and from APP_URL for an external Inngest.
 */
export function serveOriginProblem(env: Record<string, string | undefined>): string | null {
  if (env.NODE_ENV !== "production" || env.INNGEST_SERVE_ORIGIN) return null;
  return (
    "INNGEST_SERVE_ORIGIN is not set. In production the portal tells Inngest where to call it from this setting " +
    "rather than from the request's Host header, which a client can forge. Set it (or APP_URL, with npm start) to " +
    "the portal's own URL, e.g. https://exports.example.com."
  );
}

import type { Env } from "@/lib/config/env";

/**
 * Without a serve origin the Inngest SDK builds the URL it registers (and the engine then calls) from the
 * request's Host header, which any client can set on PUT /api/inngest. In production the origin must be
 * configured: INNGEST_SERVE_ORIGIN, or APP_URL, which app/api/inngest/route.ts falls back to. `npm start` sets
 * it for the embedded engine.
 */
export function serveOriginProblem(env: Pick<Env, "NODE_ENV" | "INNGEST_SERVE_ORIGIN" | "APP_URL">): string | null {
  if (env.NODE_ENV !== "production" || env.INNGEST_SERVE_ORIGIN || env.APP_URL) return null;
  return (
    "Neither INNGEST_SERVE_ORIGIN nor APP_URL is set. In production the portal tells Inngest where to call it from this setting " +
    "rather than from the request's Host header, which a client can forge. Set either " +
    "to the portal's own URL, e.g. https://exports.example.com."
  );
}

import type { NextRequest } from "next/server";
import { serve } from "inngest/next";
import { problem } from "@/app/_lib/problem";
import { inngest } from "@/inngest/client";
import { env } from "@/lib/config/env";
import { functions } from "@/inngest/functions";
import { syncRefusal } from "@/lib/http/inngest-sync";

export const dynamic = "force-dynamic";
// Export runs take as long as they take; each step call is one request.
export const maxDuration = 900;

const handler = serve({
  client: inngest,
  functions,
  servePath: "/api/inngest",
  // The address the engine calls back. Never taken from the request: a forged Host header would send the
  // engine's calls (with their step data) elsewhere. The launcher sets INNGEST_SERVE_ORIGIN; APP_URL is
  // the fallback when Inngest calls the portal at its public address.
  serveOrigin: env().INNGEST_SERVE_ORIGIN ?? env().APP_URL,
});

export const { GET, POST } = handler;

/** Registering the functions: only from this machine or signed by Inngest (lib/http/inngest-sync.ts). */
export async function PUT(request: NextRequest, context: unknown) {
  const refusal = syncRefusal(request.headers, env().INNGEST_SIGNING_KEY);
  if (refusal) return problem(refusal, "/api/inngest");
  return handler.PUT(request, context);
}

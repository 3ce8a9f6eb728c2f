import { serve } from "inngest/next";
import { inngest } from "@/inngest/client";
import { functions } from "@/inngest/functions";

export const dynamic = "force-dynamic";
// Export runs take as long as they take; each step call is one request.
export const maxDuration = 900;

export const { GET, POST, PUT } = serve({
  client: inngest,
  functions,
  servePath: "/api/inngest",
  serveOrigin: process.env.INNGEST_SERVE_ORIGIN || undefined,
});

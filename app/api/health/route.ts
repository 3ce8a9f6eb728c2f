import { getSql } from "@/db/client";
import { checkHealth } from "@/lib/health/check";

export const dynamic = "force-dynamic";

export async function GET() {
  const report = await checkHealth(getSql());
  return Response.json(report, { status: report.database.ok ? 200 : 503, headers: { "Cache-Control": "no-store" } });
}

import { exportDeps } from "@/app/_lib/export-deps";
import { withProblems } from "@/app/_lib/problem";
import { backfillSchedule, getVisibleSchedule } from "@/lib/schedules/service";
import { requireApiActor } from "../../../_lib/auth";
import { backfillProgress, noStore, readJson } from "../../../_lib/schedules";

export const dynamic = "force-dynamic";

/** POST /api/v1/schedules/{id}/backfill — runs the schedule's intervals within the days from..to; 202 with its progress. */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return withProblems(request, async () => {
    const actor = await requireApiActor(request);
    const deps = exportDeps();
    const ref = await params;
    const body = await readJson(request, 'the days as a JSON object, e.g. {"from": "2026-03-01", "to": "2026-03-31"}');
    const backfill = await backfillSchedule(deps, actor, ref, body);
    return Response.json(await backfillProgress(await getVisibleSchedule(deps, actor, ref), backfill), { status: 202, headers: noStore });
  });
}

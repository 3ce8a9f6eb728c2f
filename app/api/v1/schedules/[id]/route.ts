import { exportDeps } from "@/app/_lib/export-deps";
import { withProblems } from "@/app/_lib/problem";
import { listBackfills } from "@/db/queries/schedules";
import { deleteVisibleSchedule, getVisibleSchedule, updateVisibleSchedule } from "@/lib/schedules/service";
import { requireApiActor } from "../../_lib/auth";
import { backfillProgress, noStore, oneScheduleView, readJson } from "../../_lib/schedules";

export const dynamic = "force-dynamic";
type Ctx = { params: Promise<{ id: string }> };

/** GET /api/v1/schedules/{id} — one schedule, with its last run and its backfills' progress. */
export async function GET(request: Request, { params }: Ctx) {
  return withProblems(request, async () => {
    const actor = await requireApiActor(request);
    const deps = exportDeps();
    const row = await getVisibleSchedule(deps, actor, await params);
    const backfills = await Promise.all((await listBackfills(deps.db, row.id)).map((b) => backfillProgress(row, b)));
    return Response.json({ ...(await oneScheduleView(row)), backfills }, { headers: noStore });
  });
}

/** PATCH /api/v1/schedules/{id} — change its name, cadence, timezone or (sent whole) its request. */
export async function PATCH(request: Request, { params }: Ctx) {
  return withProblems(request, async () => {
    const actor = await requireApiActor(request);
    const body = await readJson(request, 'the change as a JSON object, e.g. {"cadence": {"every": "hour"}}');
    const row = await updateVisibleSchedule(exportDeps(), actor, await params, body);
    return Response.json(await oneScheduleView(row), { headers: noStore });
  });
}

/** DELETE /api/v1/schedules/{id} — the schedule stops and goes; its runs stay as exports. */
export async function DELETE(request: Request, { params }: Ctx) {
  return withProblems(request, async () => {
    const actor = await requireApiActor(request);
    await deleteVisibleSchedule(exportDeps(), actor, await params);
    return new Response(null, { status: 204 });
  });
}

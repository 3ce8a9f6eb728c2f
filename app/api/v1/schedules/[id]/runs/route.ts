import { exportDeps } from "@/app/_lib/export-deps";
import { withProblems } from "@/app/_lib/problem";
import { listScheduleRuns } from "@/db/queries/schedules";
import { deliveriesOf } from "@/lib/destinations/deliver";
import { getVisibleSchedule } from "@/lib/schedules/service";
import { runView } from "@/lib/schedules/view";
import { requireApiActor } from "../../../_lib/auth";
import { noStore } from "../../../_lib/schedules";

export const dynamic = "force-dynamic";

/** GET /api/v1/schedules/{id}/runs — its runs (ordinary exports), the latest interval first. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return withProblems(request, async () => {
    const actor = await requireApiActor(request);
    const deps = exportDeps();
    const row = await getVisibleSchedule(deps, actor, await params);
    const runs = await listScheduleRuns(deps.db, row.id);
    const deliveries = await deliveriesOf(
      deps.db,
      runs.map((r) => r.id),
    );
    return Response.json({ items: runs.map((r) => runView(r, row.timezone, deliveries.get(r.id))) }, { headers: noStore });
  });
}

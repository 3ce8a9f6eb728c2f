import { exportDeps } from "@/app/_lib/export-deps";
import { tellSchedulePaused } from "@/lib/schedules/paused";
import { withProblems } from "@/app/_lib/problem";
import { pauseSchedule } from "@/lib/schedules/service";
import { requireApiActor } from "../../../_lib/auth";
import { noStore, oneScheduleView } from "../../../_lib/schedules";

export const dynamic = "force-dynamic";

/** POST /api/v1/schedules/{id}/pause — no more runs until resumed. */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return withProblems(request, async () => {
    const actor = await requireApiActor(request);
    const row = await pauseSchedule({ ...exportDeps(), tell: tellSchedulePaused }, actor, await params);
    return Response.json(await oneScheduleView(row), { headers: noStore });
  });
}

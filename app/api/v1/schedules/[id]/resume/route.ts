import { exportDeps } from "@/app/_lib/export-deps";
import { withProblems } from "@/app/_lib/problem";
import { resumeSchedule } from "@/lib/schedules/service";
import { requireApiActor } from "../../../_lib/auth";
import { noStore, oneScheduleView } from "../../../_lib/schedules";

export const dynamic = "force-dynamic";

/** POST /api/v1/schedules/{id}/resume — runs again from its next due time. */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return withProblems(request, async () => {
    const actor = await requireApiActor(request);
    const row = await resumeSchedule(exportDeps(), actor, await params);
    return Response.json(await oneScheduleView(row), { headers: noStore });
  });
}

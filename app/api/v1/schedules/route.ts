import { exportDeps } from "@/app/_lib/export-deps";
import { withProblems } from "@/app/_lib/problem";
import { createSchedule, listVisibleSchedules } from "@/lib/schedules/service";
import { requireApiActor } from "../_lib/auth";
import { organizationFor, parseOrThrow } from "../_lib/body";
import { noStore, oneScheduleView, readJson, scheduleViews } from "../_lib/schedules";
import { scheduleListQuery } from "../_lib/schedule-schemas";

export const dynamic = "force-dynamic";

/** GET /api/v1/schedules — the schedules the caller may see: an organization admin's, all of the organization; anyone else's, their own. */
export async function GET(request: Request) {
  return withProblems(request, async () => {
    const actor = await requireApiActor(request);
    const q = parseOrThrow(scheduleListQuery, Object.fromEntries(new URL(request.url).searchParams));
    const organizationId = await organizationFor(q.organizationId, q.tenantId ?? null);
    const rows = await listVisibleSchedules(exportDeps(), actor, { organizationId, ...(q.tenantId ? { tenantId: q.tenantId } : {}) });
    return Response.json({ items: await scheduleViews(rows) }, { headers: noStore });
  });
}

/** POST /api/v1/schedules — a schedule of the export request in the body, checked as POST /api/v1/exports checks one (without dates). */
export async function POST(request: Request) {
  return withProblems(request, async () => {
    const actor = await requireApiActor(request);
    const raw = await readJson(request, 'the schedule as a JSON object, e.g. {"name": "…", "cadence": {"every": "day", "at": "06:00"}, …}');
    const body = raw && typeof raw === "object" && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
    const { organizationId: given, ...rest } = body;
    const tenantId = typeof body.tenantId === "string" ? body.tenantId : null;
    const organizationId = await organizationFor(typeof given === "string" ? given : undefined, /^[0-9a-f-]{36}$/i.test(tenantId ?? "") ? tenantId : null);
    const row = await createSchedule(exportDeps(), actor, organizationId, Array.isArray(raw) || typeof raw !== "object" ? raw : rest);
    return Response.json(await oneScheduleView(row), { status: 201, headers: { ...noStore, Location: `/api/v1/schedules/${row.id}` } });
  });
}

import "server-only";
import { getDb } from "@/db/client";
import { lastRuns, runStatusCounts } from "@/db/queries/schedules";
import type { ScheduleBackfillRow, ScheduleRow } from "@/db/schema";
import { destinationsOf } from "@/lib/destinations/destination";
import { AppError } from "@/lib/errors/app-error";
import { intervalOf } from "@/lib/schedules/cadence";
import { backfillView, scheduleView } from "@/lib/schedules/view";

/** The JSON body of a request, or a 422 that says to send JSON. */
export async function readJson(request: Request, example: string): Promise<unknown> {
  return request.json().catch(() => {
    throw new AppError("invalid", `The body is not valid JSON. Send ${example}.`, { request: "The body is not valid JSON." });
  });
}

export async function scheduleViews(rows: ScheduleRow[]) {
  const ids = rows.map((r) => r.id);
  const [last, destinations] = await Promise.all([lastRuns(getDb(), ids), destinationsOf(getDb(), ids)]);
  return rows.map((r) => scheduleView(r, last.get(r.id), destinations.get(r.id)));
}

export async function oneScheduleView(row: ScheduleRow) {
  const [view] = await scheduleViews([row]);
  if (!view) throw AppError.notFound("Schedule not found");
  return view;
}

export async function backfillProgress(schedule: ScheduleRow, b: ScheduleBackfillRow) {
  const ends = b.dueTimes.map((d) => intervalOf(schedule.cadence, schedule.timezone, new Date(d)).end);
  return backfillView(b, await runStatusCounts(getDb(), schedule.id, ends));
}

export const noStore = { "Cache-Control": "no-store" };

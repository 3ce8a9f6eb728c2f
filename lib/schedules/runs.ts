import type { ScheduleRow } from "@/db/schema";
import { checkDraft, type Draft } from "../export-requests/service";
import type { Actor } from "../permissions/actor";
import type { Db } from "@/db/client";
import { intervalOf, type Interval } from "./cadence";
import { localDate, localDateTime } from "./local-time";

/** The owner as the actor of the schedule's runs: every run is checked against what they may do now. */
export function ownerActor(schedule: Pick<ScheduleRow, "ownerId">): Actor {
  return { userId: schedule.ownerId, context: { ip: null, userAgent: "schedule" } };
}

/** The local days an interval touches, first and last included: the run's dates, which its window narrows. */
export function datesOf(interval: Pick<Interval, "start" | "end">, timezone: string): { from: string; to: string } {
  return { from: localDate(interval.start, timezone), to: localDate(new Date(interval.end.getTime() - 1), timezone) };
}

/** A run's label in the schedule's zone: "2026-03-29", "2026-06-01 to 2026-06-07" or "2026-06-01 10:00 to 11:00". */
export function intervalLabel(interval: Pick<Interval, "start" | "end">, timezone: string): string {
  const { from, to } = datesOf(interval, timezone);
  const start = localDateTime(interval.start, timezone);
  const end = localDateTime(interval.end, timezone);
  if (start.endsWith("00:00") && end.endsWith("00:00")) return from === to ? from : `${from} to ${to}`;
  return `${start} to ${start.slice(0, 10) === end.slice(0, 10) ? end.slice(11) : end}`;
}

/** The idempotency id of a run's export/requested event: the same for every attempt at one interval. */
export const runEventId = (scheduleId: string, intervalEnd: Date) => `schedule-run-${scheduleId}-${intervalEnd.toISOString()}`;

/**
 * The draft of one run, checked exactly as POST /api/v1/exports checks a request, as the owner, with the
 * interval's dates; its window narrows those dates to the interval's instants.
 */
export async function runDraft(db: Db, schedule: ScheduleRow, dueAt: Date): Promise<Draft> {
  const interval = intervalOf(schedule.cadence, schedule.timezone, dueAt);
  const name = `${schedule.name} · ${intervalLabel(interval, schedule.timezone)}`;
  // An incremental run reads from the export checkpoints (the `incremental` request field) instead of a
  // window: from the first record on, only what arrived since the stream's last done export.
  const incremental = schedule.mode === "incremental";
  const raw = incremental
    ? { ...schedule.request, timezone: schedule.timezone, incremental: true, name }
    : { ...schedule.request, timezone: schedule.timezone, ...datesOf(interval, schedule.timezone), name };
  const draft = await checkDraft(db, ownerActor(schedule), schedule.organizationId, raw);
  return {
    ...draft,
    request: incremental ? draft.request : { ...draft.request, window: { from: interval.start, to: interval.end } },
    run: { scheduleId: schedule.id, eventId: runEventId(schedule.id, interval.end) },
  };
}

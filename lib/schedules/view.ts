import type { ExportDeliveryRow, ExportRow, ScheduleBackfillRow, ScheduleDestinationRow, ScheduleRow } from "@/db/schema";
import { destinationView } from "../destinations/destination";
import { cadenceInWords, intervalOf } from "./cadence";
import { localDateTime } from "./local-time";
import { intervalLabel } from "./runs";

/** One run as the schedule's pages and the API show it. */
export function runView(row: ExportRow, timezone: string, delivery?: ExportDeliveryRow | null) {
  const interval = row.intervalStart && row.intervalEnd ? { start: row.intervalStart, end: row.intervalEnd } : null;
  return {
    exportId: row.id,
    name: row.name,
    status: row.status,
    intervalStart: row.intervalStart?.toISOString() ?? null,
    intervalEnd: row.intervalEnd?.toISOString() ?? null,
    interval: interval ? intervalLabel(interval, timezone) : null,
    rowCount: row.rowCount,
    error: row.error,
    createdAt: row.createdAt.toISOString(),
    /** The copy to the schedule's bucket, when it has one: delivering, delivered or failed, and the last error. */
    delivery: delivery
      ? {
          state: delivery.state,
          bucket: delivery.bucket,
          manifestKey: delivery.manifestKey,
          deliveredAt: delivery.deliveredAt?.toISOString() ?? null,
          lastError: delivery.lastError,
        }
      : null,
  };
}

export type ScheduleRunView = ReturnType<typeof runView>;

/** A schedule as people and clients read it: the cadence in words, its times also in its own zone. */
export function scheduleView(row: ScheduleRow, lastRun: ExportRow | null | undefined, destination?: ScheduleDestinationRow | null) {
  const next = intervalOf(row.cadence, row.timezone, row.nextRunAt);
  return {
    id: row.id,
    organizationId: row.organizationId,
    tenantId: row.tenantId,
    ownerId: row.ownerId,
    name: row.name,
    cadence: row.cadence,
    cadenceInWords: cadenceInWords(row.cadence, row.timezone),
    timezone: row.timezone,
    mode: row.mode,
    state: row.state,
    pausedReason: row.pausedReason,
    pausedAt: row.pausedAt?.toISOString() ?? null,
    nextRunAt: row.nextRunAt.toISOString(),
    /** The next run's time on the schedule's own clock, e.g. "2026-12-02 00:30 Europe/Amsterdam". */
    nextRunLocal: `${localDateTime(row.nextRunAt, row.timezone)} ${row.timezone}`,
    nextInterval: intervalLabel(next, row.timezone),
    lastRunAt: row.lastRunAt?.toISOString() ?? null,
    lastRun: lastRun ? runView(lastRun, row.timezone) : null,
    skipped: row.skipped
      ? {
          ...row.skipped,
          inWords: `${row.skipped.count} missed ${row.skipped.count === 1 ? "interval was" : "intervals were"} skipped (${localDateTime(new Date(row.skipped.from), row.timezone)} to ${localDateTime(new Date(row.skipped.to), row.timezone)}); backfill them if you need them.`,
        }
      : null,
    request: row.request,
    /** The bucket each run is copied to, without its credentials (the access key id's last 4 characters only). */
    destination: destinationView(destination ?? null),
    createdAt: row.createdAt.toISOString(),
  };
}

export type ScheduleView = ReturnType<typeof scheduleView>;

/** A backfill's progress: how many of its runs are queued, and how many of those have finished, by outcome. */
export function backfillView(b: ScheduleBackfillRow, statuses: Record<string, number>) {
  return {
    id: b.id,
    from: b.fromDate,
    to: b.toDate,
    total: b.dueTimes.length,
    queued: b.queued,
    done: statuses.done ?? 0,
    failed: (statuses.failed ?? 0) + (statuses.cancelled ?? 0),
    createdAt: b.createdAt.toISOString(),
  };
}

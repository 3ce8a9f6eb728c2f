import { sql } from "drizzle-orm";
import { updateSchedule } from "@/db/queries/schedules";
import { scheduleBackfills, schedules, type ScheduleRow, type SkippedIntervals } from "@/db/schema";
import type { ExportDeps } from "../export-requests/service";
import { dueIntervals, nextDue } from "./cadence";
import type { PausedSchedule } from "./paused";
import { onSchedulePaused, runInterval } from "./run-one";

/** At most this many missed intervals run after downtime; older ones are recorded as skipped. */
export const CATCH_UP_CAP = 24;

export interface TickReport {
  /** Schedules this tick claimed. */
  claimed: string[];
  /** Exports it queued, in order. */
  queued: string[];
  paused: PausedSchedule[];
}

/**
 * One minute tick: claims each due schedule in its own transaction with `for no key update skip locked`
 * (a second tick running at once passes it by; "no key" lets the run's export reference the locked row),
 * queues its missed intervals in order (at most CATCH_UP_CAP) and moves it to its next due time; then queues
 * what backfills still wait for.
 */
export async function tickSchedules(deps: ExportDeps, now = new Date(), opts: { maxSchedules?: number; organizationId?: string } = {}): Promise<TickReport> {
  const report: TickReport = { claimed: [], queued: [], paused: [] };
  for (let i = 0; i < (opts.maxSchedules ?? 200); i++) {
    const more = await claimAndRun(deps, now, opts.organizationId, report);
    if (!more) break;
  }
  if (!opts.organizationId) await advanceBackfills(deps, report);
  return report;
}

/** Claims one due schedule and runs what fell due; false when none is left. A schedule that fails is logged and passed by. */
async function claimAndRun(deps: ExportDeps, now: Date, organizationId: string | undefined, report: TickReport): Promise<boolean> {
  const before = report.claimed.length;
  try {
    return await deps.db.transaction(async (tx) => {
      const seen =
        report.claimed.length > 0
          ? sql`and id not in (${sql.join(
              report.claimed.map((id) => sql`${id}::uuid`),
              sql`, `,
            )})`
          : sql``;
      const only = organizationId ? sql`and organization_id = ${organizationId}::uuid` : sql``;
      const claimed = await tx.execute<{ id: string }>(
        sql`select id from ${schedules} where state = 'active' and next_run_at <= ${now.toISOString()}::timestamptz ${seen} ${only}
            order by next_run_at limit 1 for no key update skip locked`,
      );
      const id = claimed[0]?.id;
      if (!id) return false;
      report.claimed.push(id);
      const [schedule] = await tx
        .select()
        .from(schedules)
        .where(sql`${schedules.id} = ${id}`);
      if (schedule) await runDue(deps, tx, schedule, now, report);
      return true;
    });
  } catch (error) {
    // Its id is already in report.claimed, so the rest of this tick passes it by; the next tick tries again.
    console.error(`schedule tick: ${report.claimed.at(-1) ?? "the claim"} failed`, error);
    // Go on to the next schedule only when this one was claimed; a failed claim ends the tick.
    return report.claimed.length > before;
  }
}

type Tx = Parameters<Parameters<ExportDeps["db"]["transaction"]>[0]>[0];

const pausedOf = (schedule: ScheduleRow, reason: string, at: Date): PausedSchedule => ({
  scheduleId: schedule.id,
  organizationId: schedule.organizationId,
  tenantId: schedule.tenantId,
  name: schedule.name,
  reason,
  pausedAt: at.toISOString(),
});

async function runDue(deps: ExportDeps, tx: Tx, schedule: ScheduleRow, now: Date, report: TickReport): Promise<void> {
  const due = dueIntervals(schedule.cadence, schedule.timezone, schedule.nextRunAt, now);
  const runs = due.slice(-CATCH_UP_CAP);
  const left = due.slice(0, due.length - runs.length);
  const [firstLeft] = left;
  const lastLeft = left.at(-1);
  const skipped: SkippedIntervals | undefined =
    firstLeft && lastLeft ? { count: left.length, from: firstLeft.start.toISOString(), to: lastLeft.end.toISOString() } : undefined;
  let next = runs[0]?.dueAt ?? schedule.nextRunAt;
  for (const interval of runs) {
    const outcome = await runInterval(deps, schedule, interval.dueAt);
    if (outcome.kind === "paused") {
      await onSchedulePaused(tx, schedule, outcome.reason, now);
      report.paused.push(pausedOf(schedule, outcome.reason, now));
      break;
    }
    // A full queue or a silent engine: this interval waits for the next tick, and so do those after it.
    if (outcome.kind === "later") break;
    if (outcome.kind === "queued") report.queued.push(outcome.exportId);
    next = nextDue(schedule.cadence, schedule.timezone, interval.dueAt);
  }
  await updateSchedule(tx, schedule.id, { nextRunAt: next, lastRunAt: now, ...(skipped ? { skipped } : {}) });
}

/** Queues the waiting intervals of backfills of active schedules, in order, as far as the export limits allow. */
export async function advanceBackfills(deps: ExportDeps, report: TickReport, only?: string): Promise<void> {
  const waiting = await deps.db.execute<{ id: string }>(
    sql`select b.id from ${scheduleBackfills} b join ${schedules} s on s.id = b.schedule_id
        where s.state = 'active' and b.queued < jsonb_array_length(b.due_times) ${only ? sql`and b.id = ${only}::uuid` : sql``}
        order by b.created_at`,
  );
  for (const { id } of waiting) {
    await deps.db.transaction(async (tx) => {
      const locked = await tx.execute<{ id: string }>(sql`select id from ${scheduleBackfills} where id = ${id}::uuid for no key update skip locked`);
      if (locked.length === 0) return;
      const [backfill] = await tx
        .select()
        .from(scheduleBackfills)
        .where(sql`${scheduleBackfills.id} = ${id}::uuid`);
      const [schedule] = backfill
        ? await tx
            .select()
            .from(schedules)
            .where(sql`${schedules.id} = ${backfill.scheduleId}`)
        : [];
      if (!backfill || !schedule) return;
      let queued = backfill.queued;
      for (const dueAt of backfill.dueTimes.slice(queued)) {
        const outcome = await runInterval(deps, schedule, new Date(dueAt));
        if (outcome.kind === "paused") {
          const now = new Date();
          await onSchedulePaused(tx, schedule, outcome.reason, now);
          report.paused.push(pausedOf(schedule, outcome.reason, now));
          break;
        }
        if (outcome.kind === "later") break;
        if (outcome.kind === "queued") report.queued.push(outcome.exportId);
        queued++;
      }
      await tx
        .update(scheduleBackfills)
        .set({ queued })
        .where(sql`${scheduleBackfills.id} = ${id}::uuid`);
    });
  }
}

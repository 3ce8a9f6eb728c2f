import { runOfInterval, updateSchedule } from "@/db/queries/schedules";
import type { ScheduleRow } from "@/db/schema";
import { isAppError } from "../errors/app-error";
import { queueExport, type ExportDeps } from "../export-requests/service";
import { intervalOf } from "./cadence";
import { ownerActor, runDraft } from "./runs";

type Tx = Parameters<Parameters<ExportDeps["db"]["transaction"]>[0]>[0];

/** What became of one due interval. */
export type RunOutcome =
  { kind: "queued"; exportId: string } | { kind: "exists"; exportId: string | null } | { kind: "later"; reason: string } | { kind: "paused"; reason: string };

const isUniqueViolation = (error: unknown): boolean => {
  const cause = error && typeof error === "object" && "cause" in error ? error.cause : error;
  return !!cause && typeof cause === "object" && "code" in cause && cause.code === "23505";
};

/**
 * Queues the run of one interval through the export service, as the owner, unless it exists already (the
 * unique pair of schedule and interval end makes a second attempt find the first). A refusal of the owner's
 * access or of the request pauses the schedule; a full queue leaves the interval for a later tick.
 */
export async function runInterval(deps: ExportDeps, schedule: ScheduleRow, dueAt: Date): Promise<RunOutcome> {
  const { end } = intervalOf(schedule.cadence, schedule.timezone, dueAt);
  const existing = await runOfInterval(deps.db, schedule.id, end);
  if (existing) return { kind: "exists", exportId: existing.id };
  try {
    const created = await queueExport(deps, ownerActor(schedule), await runDraft(deps.db, schedule, dueAt));
    return created.reused ? { kind: "exists", exportId: created.id } : { kind: "queued", exportId: created.id };
  } catch (error) {
    if (isUniqueViolation(error)) return { kind: "exists", exportId: null };
    if (!isAppError(error)) throw error;
    if (error.code === "limit_exceeded" && /queued or running/.test(error.message)) return { kind: "later", reason: error.message };
    if (error.code === "forbidden" || error.code === "not_found")
      return { kind: "paused", reason: `The owner no longer has access: ${ownerWords(error.message)}` };
    if (error.code === "internal") return { kind: "later", reason: error.message };
    return { kind: "paused", reason: `The export request is no longer accepted: ${error.message}` };
  }
}

/** The service speaks to its caller ("You don't have …"); the schedule's reason speaks of its owner. */
function ownerWords(message: string): string {
  return message.replace(/^You don't have/, "the owner doesn't have").replace(/^You /, "the owner ");
}

/**
 * Pauses a schedule with the reason people will see, and tells whoever listens. The one place a schedule
 * is paused, so the webhook event `schedule.paused` is emitted from here once webhooks exist.
 */
export async function onSchedulePaused(tx: Tx, schedule: ScheduleRow, reason: string, now = new Date()): Promise<ScheduleRow | null> {
  return updateSchedule(tx, schedule.id, { state: "paused", pausedReason: reason, pausedAt: now });
}

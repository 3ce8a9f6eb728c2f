import { z } from "zod";
import { isOrganizationMember } from "@/db/queries/memberships";
import { deleteScheduleRow, getSchedule, insertBackfill, insertSchedule, listBackfills, listSchedules, updateSchedule } from "@/db/queries/schedules";
import type { ScheduleBackfillRow, ScheduleRow } from "@/db/schema";
import { destinationKey, sealDestination, storeDestination } from "../destinations/destination";
import { AppError } from "../errors/app-error";
import { isRealDate, isValidTimezone } from "../export-requests/dates";
import { clientRequestOf } from "../export-requests/request";
import { checkDraft, type ExportDeps } from "../export-requests/service";
import type { Actor } from "../permissions/actor";
import { can, resolveAccess } from "../permissions/guard";
import { dueIntervals, nextDue, previousDue, intervalOf } from "./cadence";
import { mergeScheduleInput, parseScheduleInput, type ScheduleInput } from "./input";
import type { PausedSchedule } from "./paused";
import { addDays, startOfLocalDate } from "./local-time";
import { datesOf } from "./runs";
import { advanceBackfills } from "./tick";

/** A backfill may reach this many intervals at once (a year of days; a month of hours is 744). */
export const MAX_BACKFILL_INTERVALS = 1000;

/** Organization admins see and manage every schedule of the organization; everyone else their own. */
async function isOrganizationAdmin(deps: Pick<ExportDeps, "db">, actor: Actor, organizationId: string): Promise<boolean> {
  const access = await resolveAccess(deps.db, { userId: actor.userId, organizationId }, actor.restrict);
  return !!access && access.organizationWide && can(access, "data.exports.manage");
}

/**
 * The cadence, timezone and request checked as POST /api/v1/exports checks an export, as the caller, with the
 * first run's dates; answers the stored request and when the first run is due.
 */
async function checkInput(deps: ExportDeps, actor: Actor, organizationId: string, input: ScheduleInput, now: Date) {
  if (!isValidTimezone(input.timezone)) throw AppError.invalidField("timezone", "Choose a timezone from the list, e.g. Europe/Amsterdam.");
  const firstDue = nextDue(input.cadence, input.timezone, now);
  // Checked as a run would send it: an incremental run from the first record on (only new rows), a fixed
  // window with the dates of the latest interval that has ended.
  const interval = intervalOf(input.cadence, input.timezone, previousDue(input.cadence, input.timezone, now));
  const dates = input.mode === "incremental" ? { incremental: true } : datesOf(interval, input.timezone);
  const draft = await checkDraft(deps.db, actor, organizationId, { ...input.request, timezone: input.timezone, ...dates }).catch((error: unknown) => {
    if (input.mode === "incremental" && error instanceof AppError && error.fieldErrors.from) {
      // A longest range set by the organization: the stream's first run would span the whole history.
      const message = `An incremental schedule's first run exports from the first record, and ${error.fieldErrors.from.replace(/^Your/, "your").replace(/; choose a start date\.$/, "")}: choose a fixed window (the previous hour, day or week; mode "fixed_window") instead.`;
      throw AppError.invalidField("mode", message);
    }
    throw error;
  });
  // Stored as a client would send it again, without dates: each run adds its own.
  const { from: _from, to: _to, ...request } = clientRequestOf(draft.request);
  return { request, tenantId: draft.request.tenantId, firstDue };
}

export async function createSchedule(deps: ExportDeps, actor: Actor, organizationId: string, raw: unknown, now = new Date()): Promise<ScheduleRow> {
  const input = parseScheduleInput(raw);
  const { request, tenantId, firstDue } = await checkInput(deps, actor, organizationId, input, now);
  // Sealed before anything is stored, so a missing key refuses the whole schedule rather than half of it.
  const sealed = input.destination ? sealDestination(input.destination, destinationKey()) : null;
  const row = await insertSchedule(deps.db, {
    organizationId,
    tenantId,
    ownerId: actor.userId,
    name: input.name,
    request,
    cadence: input.cadence,
    timezone: input.timezone,
    mode: input.mode,
    nextRunAt: firstDue,
  });
  if (sealed) await storeDestination(deps.db, row.id, sealed);
  return row;
}

/** The schedules the caller may see in the organization (optionally one tenant's); unknown organizations are 404. */
export async function listVisibleSchedules(deps: Pick<ExportDeps, "db">, actor: Actor, q: { organizationId: string; tenantId?: string }) {
  // A tenant's list needs access to the tenant; the organization's, any membership in it (a tenant token lists its tenant).
  const tenantId = q.tenantId ?? actor.restrict?.tenantId ?? undefined;
  const member = tenantId
    ? !!(await resolveAccess(deps.db, { userId: actor.userId, organizationId: q.organizationId, tenantId }, actor.restrict))
    : (!actor.restrict || actor.restrict.organizationId === q.organizationId) &&
      (await isOrganizationMember(deps.db, { userId: actor.userId, organizationId: q.organizationId }));
  if (!member) throw AppError.notFound(tenantId ? "Tenant not found" : "Organization not found");
  const admin = await isOrganizationAdmin(deps, actor, q.organizationId);
  return listSchedules(deps.db, { organizationId: q.organizationId, ...(tenantId ? { tenantId } : {}), ...(admin ? {} : { ownerId: actor.userId }) });
}

/** One schedule the caller may see: their own, or any of the organization for its admins; otherwise 404. */
export async function getVisibleSchedule(deps: Pick<ExportDeps, "db">, actor: Actor, q: { id: string }): Promise<ScheduleRow> {
  // Not a uuid, another organization's, or someone else's without being its admin: all read the same.
  const row = z.uuid().safeParse(q.id).success ? await getSchedule(deps.db, q) : null;
  if (
    row &&
    (row.ownerId === actor.userId
      ? !actor.restrict || actor.restrict.organizationId === row.organizationId
      : await isOrganizationAdmin(deps, actor, row.organizationId))
  )
    return row;
  throw AppError.notFound("Schedule not found");
}

function currentInput(row: ScheduleRow): ScheduleInput {
  return { name: row.name, cadence: row.cadence, timezone: row.timezone, mode: row.mode, request: row.request };
}

/** Changes name, cadence, timezone or request; the result is checked as a new schedule is, as the caller. */
export async function updateVisibleSchedule(deps: ExportDeps, actor: Actor, q: { id: string }, raw: unknown, now = new Date()) {
  const row = await getVisibleSchedule(deps, actor, q);
  const input = mergeScheduleInput(currentInput(row), raw);
  const { request, tenantId, firstDue } = await checkInput(deps, actor, row.organizationId, input, now);
  const sealed = input.destination ? sealDestination(input.destination, destinationKey()) : input.destination;
  const cadenceChanged = JSON.stringify(input.cadence) !== JSON.stringify(row.cadence) || input.timezone !== row.timezone;
  const updated = await updateSchedule(deps.db, row.id, {
    name: input.name,
    request,
    tenantId,
    cadence: input.cadence,
    timezone: input.timezone,
    mode: input.mode,
    // A new cadence starts from its next due time; missed intervals of the old one are not run in the new one's terms.
    ...(cadenceChanged ? { nextRunAt: firstDue } : {}),
  });
  if (!updated) throw AppError.notFound("Schedule not found");
  if (sealed !== undefined) await storeDestination(deps.db, row.id, sealed);
  return updated;
}

/**
 * Pauses a schedule at a person's request; `tell` (tellSchedulePaused in the app) lets the organization's
 * webhook endpoints know. It is passed in so this module stays free of the job engine's client.
 */
export async function pauseSchedule(
  deps: Pick<ExportDeps, "db"> & { tell?: (paused: PausedSchedule) => Promise<void> },
  actor: Actor,
  q: { id: string },
  now = new Date(),
) {
  const row = await getVisibleSchedule(deps, actor, q);
  if (row.state === "paused") return row;
  const paused = await updateSchedule(deps.db, row.id, { state: "paused", pausedReason: "Paused by a person.", pausedAt: now });
  if (!paused) return row;
  const reason = paused.pausedReason ?? "Paused by a person.";
  await deps
    .tell?.({ scheduleId: row.id, organizationId: row.organizationId, tenantId: row.tenantId, name: row.name, reason, pausedAt: now.toISOString() })
    .catch((e: unknown) => console.error(`schedule ${row.id}: the job engine did not take the schedule.paused webhook event`, e));
  return paused;
}

/** Resumes from the next due time: what fell due while paused is not run (a backfill can). */
export async function resumeSchedule(deps: Pick<ExportDeps, "db">, actor: Actor, q: { id: string }, now = new Date()) {
  const row = await getVisibleSchedule(deps, actor, q);
  if (row.state === "active") return row;
  const next = nextDue(row.cadence, row.timezone, now);
  const nextRunAt = row.nextRunAt > next ? row.nextRunAt : next;
  return (await updateSchedule(deps.db, row.id, { state: "active", pausedReason: null, pausedAt: null, nextRunAt })) ?? row;
}

/** Deletes the schedule; its runs stay as ordinary exports. */
export async function deleteVisibleSchedule(deps: Pick<ExportDeps, "db">, actor: Actor, q: { id: string }): Promise<void> {
  const row = await getVisibleSchedule(deps, actor, q);
  await deleteScheduleRow(deps.db, row.id);
}

/**
 * Splits the local days from..to (both included) into the schedule's intervals that lie wholly inside them
 * and have ended, and queues them in order, as many now as the export limits allow; the tick queues the rest.
 */
export async function backfillSchedule(deps: ExportDeps, actor: Actor, q: { id: string }, raw: unknown, now = new Date()): Promise<ScheduleBackfillRow> {
  const row = await getVisibleSchedule(deps, actor, q);
  const body = (raw && typeof raw === "object" ? raw : {}) as Record<string, unknown>;
  const from = typeof body.from === "string" && isRealDate(body.from) ? body.from : null;
  const to = typeof body.to === "string" && isRealDate(body.to) ? body.to : null;
  if (!from) throw AppError.invalidField("from", "Choose the first day to backfill, as YYYY-MM-DD, e.g. 2026-03-01.");
  if (!to) throw AppError.invalidField("to", "Choose the last day to backfill, as YYYY-MM-DD, e.g. 2026-03-31.");
  if (to < from) throw AppError.invalidField("to", "The last day must be on or after the first day.");
  if (row.state !== "active") throw new AppError("conflict", "This schedule is paused; resume it before backfilling.");
  const rangeStart = startOfLocalDate(from, row.timezone);
  const rangeEnd = startOfLocalDate(addDays(to, 1), row.timezone);
  const firstDue = nextDue(row.cadence, row.timezone, new Date(rangeStart.getTime() - 1));
  const upTo = new Date(Math.min(now.getTime(), rangeEnd.getTime() + 8 * 86_400_000));
  const intervals = dueIntervals(row.cadence, row.timezone, firstDue, upTo, MAX_BACKFILL_INTERVALS + 10).filter(
    (i) => i.start >= rangeStart && i.end <= rangeEnd && i.end <= now,
  );
  if (intervals.length === 0)
    throw AppError.invalidField("to", `No whole interval of this schedule lies within ${from} to ${to} and has ended yet; choose a wider or earlier range.`);
  if (intervals.length > MAX_BACKFILL_INTERVALS)
    throw AppError.invalidField("to", `That range holds more than ${MAX_BACKFILL_INTERVALS} runs of this schedule; backfill a shorter range at a time.`);
  const backfill = await insertBackfill(deps.db, {
    scheduleId: row.id,
    requestedBy: actor.userId,
    fromDate: from,
    toDate: to,
    dueTimes: intervals.map((i) => i.dueAt.toISOString()),
  });
  await advanceBackfills(deps, { claimed: [], queued: [], paused: [] }, backfill.id);
  return (await listBackfills(deps.db, row.id)).find((b) => b.id === backfill.id) ?? backfill;
}

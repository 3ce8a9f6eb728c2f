import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../client";
import { exports, scheduleBackfills, schedules, type ExportRow, type ScheduleBackfillRow, type ScheduleRow } from "../schema";

type Tx = Db | Parameters<Parameters<Db["transaction"]>[0]>[0];

export async function insertSchedule(db: Tx, values: typeof schedules.$inferInsert): Promise<ScheduleRow> {
  const [row] = await db.insert(schedules).values(values).returning();
  if (!row) throw new Error("insert into schedules returned nothing");
  return row;
}

export async function getSchedule(db: Tx, q: { id: string }): Promise<ScheduleRow | null> {
  const rows = await db.select().from(schedules).where(eq(schedules.id, q.id));
  return rows[0] ?? null;
}

export async function updateSchedule(db: Tx, id: string, values: Partial<typeof schedules.$inferInsert>): Promise<ScheduleRow | null> {
  const [row] = await db
    .update(schedules)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(schedules.id, id))
    .returning();
  return row ?? null;
}

export async function deleteScheduleRow(db: Tx, id: string): Promise<void> {
  await db.delete(schedules).where(eq(schedules.id, id));
}

/** The organization's schedules, or one owner's, optionally in one tenant; newest first. */
export async function listSchedules(db: Tx, q: { organizationId: string; ownerId?: string; tenantId?: string }): Promise<ScheduleRow[]> {
  return db
    .select()
    .from(schedules)
    .where(
      and(
        eq(schedules.organizationId, q.organizationId),
        q.ownerId ? eq(schedules.ownerId, q.ownerId) : undefined,
        q.tenantId ? eq(schedules.tenantId, q.tenantId) : undefined,
      ),
    )
    .orderBy(desc(schedules.createdAt), desc(schedules.id));
}

/** A schedule's runs, the latest interval first. */
export async function listScheduleRuns(db: Tx, scheduleId: string, limit = 100): Promise<ExportRow[]> {
  return db.select().from(exports).where(eq(exports.scheduleId, scheduleId)).orderBy(desc(exports.intervalEnd)).limit(limit);
}

/** The latest run of each schedule, for the list's "last run" column. */
export async function lastRuns(db: Tx, scheduleIds: string[]): Promise<Map<string, ExportRow>> {
  if (scheduleIds.length === 0) return new Map();
  const rows = await db
    .selectDistinctOn([exports.scheduleId])
    .from(exports)
    .where(inArray(exports.scheduleId, scheduleIds))
    .orderBy(exports.scheduleId, desc(exports.intervalEnd));
  return new Map(rows.flatMap((r) => (r.scheduleId ? [[r.scheduleId, r] as const] : [])));
}

export async function runOfInterval(db: Tx, scheduleId: string, intervalEnd: Date): Promise<ExportRow | null> {
  const rows = await db
    .select()
    .from(exports)
    .where(and(eq(exports.scheduleId, scheduleId), eq(exports.intervalEnd, intervalEnd)));
  return rows[0] ?? null;
}

export async function insertBackfill(db: Tx, values: typeof scheduleBackfills.$inferInsert): Promise<ScheduleBackfillRow> {
  const [row] = await db.insert(scheduleBackfills).values(values).returning();
  if (!row) throw new Error("insert into schedule_backfills returned nothing");
  return row;
}

export async function listBackfills(db: Tx, scheduleId: string): Promise<ScheduleBackfillRow[]> {
  return db.select().from(scheduleBackfills).where(eq(scheduleBackfills.scheduleId, scheduleId)).orderBy(asc(scheduleBackfills.createdAt));
}

/** How many of a backfill's intervals have a finished run, by status. */
export async function runStatusCounts(db: Tx, scheduleId: string, ends: Date[]): Promise<Record<string, number>> {
  if (ends.length === 0) return {};
  const rows = await db
    .select({ status: exports.status, n: sql<number>`count(*)::int` })
    .from(exports)
    .where(and(eq(exports.scheduleId, scheduleId), inArray(exports.intervalEnd, ends)))
    .groupBy(exports.status);
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

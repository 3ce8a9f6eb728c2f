import { and, asc, eq, inArray, ne, sql } from "drizzle-orm";
import type { Db } from "../client";
import { exportPartitions, exports, type PartitionFile, type PartitionRow } from "../schema";
import { preparedPer } from "./prepared";

type Tx = Pick<Db, "select" | "insert" | "update" | "execute">;
export type NewPartition = typeof exportPartitions.$inferInsert;

/** Records an export's plan once: a retried planning step finds the rows already there and keeps them. */
export async function insertPlan(tx: Tx, rows: NewPartition[]): Promise<void> {
  if (rows.length === 0) return;
  await tx.insert(exportPartitions).values(rows).onConflictDoNothing();
}

// One export's answer lists its partitions on every status call: built once per database handle (prepared.ts).
const partitionsOf = preparedPer((db: Tx) =>
  db
    .select()
    .from(exportPartitions)
    .where(eq(exportPartitions.exportId, sql.placeholder("exportId")))
    .orderBy(asc(exportPartitions.index))
    .prepare("list_partitions"),
);

export async function listPartitions(db: Tx, exportId: string): Promise<PartitionRow[]> {
  return partitionsOf(db).execute({ exportId });
}

export async function countPartitions(db: Tx, exportId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(exportPartitions)
    .where(eq(exportPartitions.exportId, exportId));
  return row?.n ?? 0;
}

export async function getPartition(db: Tx, exportId: string, index: number): Promise<PartitionRow | null> {
  const [row] = await db
    .select()
    .from(exportPartitions)
    .where(and(eq(exportPartitions.exportId, exportId), eq(exportPartitions.index, index)));
  return row ?? null;
}

/** An attempt begins: counted, and shown as running. A partition already done is left alone (null). */
export async function startPartition(db: Tx, exportId: string, index: number): Promise<PartitionRow | null> {
  const [row] = await db
    .update(exportPartitions)
    .set({ status: "running", attempts: sql`${exportPartitions.attempts} + 1`, rows: 0, bytes: 0, startedAt: new Date(), updatedAt: new Date() })
    .where(and(eq(exportPartitions.exportId, exportId), eq(exportPartitions.index, index), ne(exportPartitions.status, "done")))
    .returning();
  return row ?? null;
}

/**
 * A partition's progress, and the export's as the sum over its partitions: partitions of one export run in
 * several processes at once, so none may write the export's total from its own count. The export's row is
 * updated (locked) first, as finishPartition locks it first, so the two never wait on each other in turn.
 */
export async function recordPartitionProgress(db: Db, exportId: string, index: number, p: { rows: number; bytes: number }): Promise<void> {
  await db.transaction(async (tx) => {
    const sum = (column: "rows" | "bytes", own: number) =>
      sql`(select coalesce(sum(case when p.index = ${index} then ${own} else p.${sql.raw(column)} end), 0) from ${exportPartitions} p where p.export_id = ${exportId})`;
    const running = await tx
      .update(exports)
      .set({ rowsProcessed: sql`${sum("rows", p.rows)}`, bytesWritten: sql`${sum("bytes", p.bytes)}`, progressAt: new Date(), updatedAt: new Date() })
      .where(and(eq(exports.id, exportId), eq(exports.status, "running")))
      .returning({ id: exports.id });
    if (running.length === 0) return;
    await tx
      .update(exportPartitions)
      .set({ rows: p.rows, bytes: p.bytes, updatedAt: new Date() })
      .where(and(eq(exportPartitions.exportId, exportId), eq(exportPartitions.index, index), eq(exportPartitions.status, "running")));
  });
}

/** The last attempt failed and the engine will try again: shown as retrying, with the reason. */
export async function recordPartitionFailure(db: Tx, exportId: string, index: number, message: string): Promise<void> {
  await db
    .update(exportPartitions)
    .set({ status: "retrying", lastError: message.slice(0, 2000), updatedAt: new Date() })
    .where(and(eq(exportPartitions.exportId, exportId), eq(exportPartitions.index, index), ne(exportPartitions.status, "done")));
}

export interface FinishedPartition {
  rows: number;
  bytes: number;
  sha256: string;
  storageKey: string;
  files: PartitionFile[];
}

/**
 * Marks a stored partition done while its export is still running, holding the export's row so partitions
 * finishing at the same moment take turns: exactly one of them sees none left to do. Returns null when the
 * export is no longer running, otherwise how many partitions are not yet done.
 */
export async function finishPartition(db: Db, exportId: string, index: number, done: FinishedPartition | null): Promise<{ remaining: number } | null> {
  return db.transaction(async (tx) => {
    const [running] = await tx
      .select({ id: exports.id })
      .from(exports)
      .where(and(eq(exports.id, exportId), eq(exports.status, "running")))
      .for("update");
    if (!running) return null;
    const now = new Date();
    // Null: the partition was done already (a retried step); only the count is wanted.
    if (done)
      await tx
        .update(exportPartitions)
        .set({ ...done, status: "done", lastError: null, completedAt: now, updatedAt: now })
        .where(and(eq(exportPartitions.exportId, exportId), eq(exportPartitions.index, index), ne(exportPartitions.status, "done")));
    // The export's progress counts the finished partition in full at once, not at the next poll of another.
    await tx
      .update(exports)
      .set({
        rowsProcessed: sql`(select coalesce(sum(p.rows), 0) from ${exportPartitions} p where p.export_id = ${exportId})`,
        bytesWritten: sql`(select coalesce(sum(p.bytes), 0) from ${exportPartitions} p where p.export_id = ${exportId})`,
        progressAt: now,
      })
      .where(eq(exports.id, exportId));
    const [left] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(exportPartitions)
      .where(and(eq(exportPartitions.exportId, exportId), ne(exportPartitions.status, "done")));
    return { remaining: left?.n ?? 0 };
  });
}

/** How an export's partitions stand, as the exports list shows a running export. */
export interface PartitionSummary {
  total: number;
  done: number;
  running: number;
  retrying: number;
  waiting: number;
  /** Of a partition being retried: the attempts it has had and why the last one failed. */
  retry: { attempts: number; lastError: string | null } | null;
}

/** The partitions of several exports, summed up in one query (a page of the list's running exports). */
export async function partitionSummaries(db: Tx, exportIds: string[]): Promise<Map<string, PartitionSummary>> {
  const out = new Map<string, PartitionSummary>();
  if (exportIds.length === 0) return out;
  const rows = await db
    .select({
      exportId: exportPartitions.exportId,
      total: sql<number>`count(*)::int`,
      done: sql<number>`count(*) filter (where ${exportPartitions.status} = 'done')::int`,
      running: sql<number>`count(*) filter (where ${exportPartitions.status} = 'running')::int`,
      retrying: sql<number>`count(*) filter (where ${exportPartitions.status} = 'retrying')::int`,
      waiting: sql<number>`count(*) filter (where ${exportPartitions.status} = 'waiting')::int`,
      retryAttempts: sql<number | null>`max(${exportPartitions.attempts}) filter (where ${exportPartitions.status} = 'retrying')`,
      retryError: sql<
        string | null
      >`(array_agg(${exportPartitions.lastError} order by ${exportPartitions.updatedAt} desc) filter (where ${exportPartitions.status} = 'retrying'))[1]`,
    })
    .from(exportPartitions)
    .where(inArray(exportPartitions.exportId, exportIds))
    .groupBy(exportPartitions.exportId);
  for (const r of rows) {
    out.set(r.exportId, {
      total: r.total,
      done: r.done,
      running: r.running,
      retrying: r.retrying,
      waiting: r.waiting,
      retry: r.retrying > 0 ? { attempts: Number(r.retryAttempts ?? 0), lastError: r.retryError } : null,
    });
  }
  return out;
}

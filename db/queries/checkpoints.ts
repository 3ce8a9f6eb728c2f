import { and, desc, eq, isNotNull, isNull } from "drizzle-orm";
import type { Db } from "../client";
import { exports, type ExportRow } from "../schema";

type Tx = Pick<Db, "select" | "update">;

/** The export that handed out a checkpoint token, in whichever organization it is (the caller says why it does not fit). */
export async function findByCheckpoint(db: Tx, token: string): Promise<ExportRow | null> {
  const rows = await db.select().from(exports).where(eq(exports.checkpointToken, token));
  return rows[0] ?? null;
}

/** The newest export of a stream in a tenant that carries a checkpoint (done, or done and expired since). */
export async function newestCheckpoint(db: Tx, q: { tenantId: string; streamHash: string }): Promise<ExportRow | null> {
  const rows = await db
    .select()
    .from(exports)
    .where(and(eq(exports.tenantId, q.tenantId), eq(exports.streamHash, q.streamHash), isNotNull(exports.checkpointToken), isNull(exports.deletedAt)))
    .orderBy(desc(exports.completedAt))
    .limit(1);
  return rows[0] ?? null;
}

/** Records the snapshot an export reads, once: a retried planning step keeps the first. */
export async function pinExportSnapshot(db: Tx, id: string, snapshot: string, at: Date): Promise<void> {
  await db
    .update(exports)
    .set({ snapshot, snapshotAt: at })
    .where(and(eq(exports.id, id), isNull(exports.snapshot)));
}

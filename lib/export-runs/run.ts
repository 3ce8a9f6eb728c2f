import { sql } from "drizzle-orm";
import { getExportById, slotsAhead, transitionExport } from "@/db/queries/exports";
import { countPartitions } from "@/db/queries/export-partitions";
import { getUsageLimits } from "@/db/queries/organization-settings";
import { estimateRows } from "../exports";
import type { RunDeps } from "./deps";
import { partitionKeyFor, storageKeyFor } from "./naming";
import { realmRequestsOf, requestOfRow } from "../export-requests/request";
import { runSlotLockName } from "./slots";
import { pinSnapshot } from "../export-checkpoints/snapshot";
import { newCheckpointToken } from "../export-checkpoints/token";

export type SlotClaim = "started" | "waiting" | "gone";

/**
 * Moves a pending export to running when the organization has a free slot (its "exports running at
 * once" limit) and no earlier request is still waiting: first in, first out. A retry of this step finds
 * the export running already and goes on; a cancelled or deleted export is "gone".
 */
export async function claimRunSlot(deps: RunDeps, exportId: string): Promise<SlotClaim> {
  const now = deps.now?.() ?? new Date();
  return deps.db.transaction(async (tx) => {
    const row = await getExportById(tx, exportId);
    if (!row || row.deletedAt) return "gone";
    if (row.status === "running") return "started";
    if (row.status !== "pending") return "gone";
    // One claimer per organization at a time, so two runs cannot both take the last slot.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${runSlotLockName(row.organizationId)}))`);
    const limits = await getUsageLimits(tx, row.organizationId);
    const { running, ahead } = await slotsAhead(tx, row);
    // Strictly in order: an export starts only once every earlier request of the organization has started.
    if (ahead > 0 || running >= limits.maxConcurrentExports) return "waiting";
    const started = await transitionExport(tx, exportId, ["pending"], { status: "running", startedAt: now, progressAt: now });
    return started ? "started" : "gone";
  });
}

export async function estimateExport(deps: RunDeps, exportId: string): Promise<number[]> {
  // The snapshot first: the estimate, the plan and every partition count the same arrivals.
  const row = await pinSnapshot(deps, exportId);
  const estimates = await Promise.all(realmRequestsOf(requestOfRow(row)).map(async (req) => (await estimateRows(deps.warehouse, req)).rows));
  await transitionExport(deps.db, exportId, ["running"], { rowsEstimate: estimates.reduce((n, e) => n + e, 0) });
  // Per realm, in request order: the plan sizes each realm's partitions from these.
  return estimates;
}

export type ProduceResult =
  | { cancelled: true }
  | { cancelled: false; storageKey: string; fileName: string; sizeBytes: number; sha256: string; rowCount: number; rowsByRealm?: Record<string, number> };

/**
 * Removes every partition output of an export from storage: once its archive is stored, or when it was
 * cancelled, failed or deleted. Keys are fixed per partition, so one stored by an attempt that has not
 * recorded it yet goes too.
 */
export async function discardPartitions(deps: RunDeps, exportId: string): Promise<number> {
  const row = await getExportById(deps.db, exportId);
  if (!row) return 0;
  const count = await countPartitions(deps.db, exportId);
  for (let index = 1; index <= count; index++) await deps.storage.delete(partitionKeyFor(row, index));
  return count;
}

/** Records the finished archive. If the export was cancelled meanwhile, the stored file is removed instead. */
export async function markDone(deps: RunDeps, exportId: string, result: Extract<ProduceResult, { cancelled: false }>) {
  const row = await getExportById(deps.db, exportId);
  if (!row) return null;
  const limits = await getUsageLimits(deps.db, row.organizationId);
  const now = deps.now?.() ?? new Date();
  // The archive is stored: the partitions' outputs go first, so no one who sees "done" finds them still there.
  await discardPartitions(deps, exportId);
  const done = await transitionExport(deps.db, exportId, ["running"], {
    status: "done",
    storageKey: result.storageKey,
    fileName: result.fileName,
    sizeBytes: result.sizeBytes,
    sha256: result.sha256,
    rowCount: result.rowCount,
    rowsByRealm: result.rowsByRealm ?? null,
    rowsProcessed: result.rowCount,
    bytesWritten: result.sizeBytes,
    completedAt: now,
    progressAt: now,
    expiresAt: new Date(now.getTime() + limits.retentionDays * 86_400_000),
    // The checkpoint advances here and only here: a failed or cancelled export never hands one out.
    checkpointToken: row.snapshot ? newCheckpointToken() : null,
  });
  if (!done) await deps.storage.delete(result.storageKey);
  return done ? { expiresAt: done.expiresAt?.toISOString() ?? null } : null;
}

/** Final failure: the export shows the reason and the requester is told. Returns false if it had already ended. */
export async function markFailed(deps: RunDeps, exportId: string, message: string): Promise<boolean> {
  const row = await transitionExport(deps.db, exportId, ["pending", "running"], {
    status: "failed",
    error: message,
    completedAt: deps.now?.() ?? new Date(),
  });
  // An attempt cut off while storing may have left its archive behind; a failed export has no file.
  if (row) {
    await deps.storage.delete(storageKeyFor(row)).catch((e: unknown) => console.error(`export ${exportId}: could not delete its file`, e));
    await discardPartitions(deps, exportId).catch((e: unknown) => console.error(`export ${exportId}: could not delete its partitions`, e));
  }
  return row !== null;
}

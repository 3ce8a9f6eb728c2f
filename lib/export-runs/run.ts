import { randomUUID } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { sql } from "drizzle-orm";
import { getExportById, getExportStatus, slotsAhead, transitionExport, updateProgress } from "@/db/queries/exports";
import { getUsageLimits } from "@/db/queries/settings";
import { estimateRows, produceArchive } from "../exports";
import type { RunDeps } from "./deps";
import { archiveFileName, storageKeyFor } from "./naming";
import { engineRequestOf } from "./request";
import { runSlotLockName } from "./slots";

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

export async function estimateExport(deps: RunDeps, exportId: string): Promise<number> {
  const row = await getExportById(deps.db, exportId);
  if (!row) throw new Error(`export ${exportId} does not exist`);
  const estimate = await estimateRows(deps.warehouse, engineRequestOf(row));
  await deps.db.transaction(async (tx) => {
    await transitionExport(tx, exportId, ["running"], { rowsEstimate: estimate.rows });
  });
  return estimate.rows;
}

export type ProduceResult =
  | { cancelled: true }
  | { cancelled: false; storageKey: string; fileName: string; sizeBytes: number; sha256: string; rowCount: number };

/**
 * Produces the archive into scratch space and stores it under the export's one storage key. Progress goes
 * to the exports row every poll; a cancel (status changed by the portal) aborts the query and the writers.
 */
export async function produceAndStore(deps: RunDeps, exportId: string): Promise<ProduceResult> {
  const row = await getExportById(deps.db, exportId);
  if (!row || row.status !== "running" || row.deletedAt) return { cancelled: true };
  const workDir = path.join(deps.tmpDir, `${exportId}-${randomUUID().slice(0, 8)}`);
  await fs.mkdir(workDir, { recursive: true });
  const abort = new AbortController();
  let latest = { rows: 0, bytes: 0 };
  let flushing = false;
  const timer = setInterval(() => {
    if (flushing) return;
    flushing = true;
    void (async () => {
      try {
        const status = await getExportStatus(deps.db, exportId);
        if (status !== "running") abort.abort(new Error(`export is ${status ?? "gone"}`));
        else await updateProgress(deps.db, exportId, latest);
      } catch (e) {
        console.error(`export ${exportId}: progress update failed`, e);
      } finally {
        flushing = false;
      }
    })();
  }, Math.min(deps.pollMs ?? 500, 1000));
  try {
    const archive = await produceArchive(deps.warehouse, engineRequestOf(row), {
      outDir: workDir,
      baseName: archiveFileName(row).replace(/\.zip$/, ""),
      signal: abort.signal,
      // A step that runs twice (at-least-once delivery) must write the same bytes, so nothing in the
      // archive depends on when it was written beyond the moment the run started.
      generatedAt: row.startedAt ?? undefined,
      onProgress: (p) => {
        latest = p;
      },
    });
    if (abort.signal.aborted) return { cancelled: true };
    const storageKey = storageKeyFor(row);
    await deps.storage.put(storageKey, archive.path, { contentType: "application/zip" });
    return { cancelled: false, storageKey, fileName: archiveFileName(row), sizeBytes: archive.sizeBytes, sha256: archive.sha256, rowCount: archive.rowCount };
  } catch (error) {
    if (abort.signal.aborted) return { cancelled: true };
    throw error;
  } finally {
    clearInterval(timer);
    await fs.rm(workDir, { recursive: true, force: true });
  }
}

/** Records the finished archive. If the export was cancelled meanwhile, the stored file is removed instead. */
export async function markDone(deps: RunDeps, exportId: string, result: Extract<ProduceResult, { cancelled: false }>) {
  const row = await getExportById(deps.db, exportId);
  if (!row) return null;
  const limits = await getUsageLimits(deps.db, row.organizationId);
  const now = deps.now?.() ?? new Date();
  const done = await transitionExport(deps.db, exportId, ["running"], {
    status: "done",
    storageKey: result.storageKey,
    fileName: result.fileName,
    sizeBytes: result.sizeBytes,
    sha256: result.sha256,
    rowCount: result.rowCount,
    rowsProcessed: result.rowCount,
    bytesWritten: result.sizeBytes,
    completedAt: now,
    progressAt: now,
    expiresAt: new Date(now.getTime() + limits.retentionDays * 86_400_000),
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
  return row !== null;
}

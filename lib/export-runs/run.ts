import { sql } from "drizzle-orm";
import { getExportById, getExportStatus, slotsAhead, transitionExport, updateProgress } from "@/db/queries/exports";
import { getUsageLimits } from "@/db/queries/organization-settings";
import { produceArchive } from "../exports";
import { estimateRealms } from "../export-requests/realms";
import { SupersededError, takeOver } from "./attempts";
import type { RunDeps } from "./deps";
import { isDiskFull, ScratchDiskFullError } from "./disk-full";
import { archiveFileName, storageKeyFor } from "./naming";
import { partLimitsOf } from "../export-requests/parts";
import { realmRequestsOf, requestOfRow } from "../export-requests/request";
import { openScratch, type ScratchDir } from "./scratch";
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
  const estimate = await estimateRealms(deps.warehouse, requestOfRow(row));
  await deps.db.transaction(async (tx) => {
    await transitionExport(tx, exportId, ["running"], { rowsEstimate: estimate.rows });
  });
  return estimate.rows;
}

export type ProduceResult =
  | { cancelled: true }
  | { cancelled: false; storageKey: string; fileName: string; sizeBytes: number; sha256: string; rowCount: number; rowsByRealm?: Record<string, number> };

export interface ProduceOptions {
  /** Aborts when the engine stopped waiting for this attempt (see requestSignal): a retry replaces it. */
  superseded?: AbortSignal;
}

/**
 * Produces the archive into scratch space and stores it under the export's one storage key. Progress goes
 * to the exports row every poll; a cancel (status changed by the portal) aborts the query and the writers,
 * and so does a newer attempt of the same step. A superseded attempt throws (SupersededError) rather than
 * report a cancel, in case anyone still listens for its answer.
 */
export async function produceAndStore(deps: RunDeps, exportId: string, opts: ProduceOptions = {}): Promise<ProduceResult> {
  const row = await getExportById(deps.db, exportId);
  if (!row || row.status !== "running" || row.deletedAt) return { cancelled: true };
  const abort = new AbortController();
  const supersede = () => abort.abort(new SupersededError("The engine stopped waiting for this attempt"));
  opts.superseded?.addEventListener("abort", supersede, { once: true });
  const release = await takeOver(exportId, (reason) => abort.abort(reason));
  let scratch: ScratchDir | undefined;
  let latest = { rows: 0, bytes: 0 };
  let flushing = false;
  const timer = setInterval(
    () => {
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
    },
    Math.min(deps.pollMs ?? 500, 1000),
  );
  const stopped = (): ProduceResult => {
    if (abort.signal.reason instanceof SupersededError) throw abort.signal.reason;
    return { cancelled: true };
  };
  try {
    if (opts.superseded?.aborted) supersede();
    if (abort.signal.aborted) return stopped();
    scratch = await openScratch(deps.tmpDir, exportId);
    const request = requestOfRow(row);
    const archive = await produceArchive(deps.warehouse, realmRequestsOf(request), {
      outDir: scratch.path,
      // The parts the request asked for; none gives one file per format.
      ...partLimitsOf(request.parts),
      baseName: archiveFileName(row).replace(/\.zip$/, ""),
      signal: abort.signal,
      sessionName: `export ${exportId}`,
      // A step that runs twice (at-least-once delivery) must write the same bytes, so nothing in the
      // archive depends on when it was written beyond the moment the run started.
      generatedAt: row.startedAt ?? undefined,
      onProgress: (p) => {
        latest = p;
      },
    }).catch((error: unknown) => {
      if (!abort.signal.aborted && isDiskFull(error)) throw new ScratchDiskFullError(error);
      throw error;
    });
    const storageKey = storageKeyFor(row);
    if (!(await storeIfRunning(deps, exportId, storageKey, archive.path, abort.signal))) return stopped();
    const { sizeBytes, sha256, rowCount, rowsByRealm } = archive;
    return { cancelled: false, storageKey, fileName: archiveFileName(row), sizeBytes, sha256, rowCount, rowsByRealm };
  } catch (error) {
    if (abort.signal.aborted) return stopped();
    throw error;
  } finally {
    clearInterval(timer);
    opts.superseded?.removeEventListener("abort", supersede);
    try {
      await scratch?.release();
    } finally {
      release();
    }
  }
}

/**
 * Puts the archive into storage only while the export is still running and this attempt still wanted,
 * and looks again once it is there: a cancel or a newer attempt may have come meanwhile. Then the file
 * goes again, unless the export is done (a newer attempt stored the same bytes and recorded them).
 */
async function storeIfRunning(deps: RunDeps, exportId: string, key: string, file: string, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted || (await getExportStatus(deps.db, exportId)) !== "running") return false;
  await deps.storage.put(key, file, { contentType: "application/zip" });
  const status = await getExportStatus(deps.db, exportId);
  if (status === "running" && !signal.aborted) return true;
  if (status !== "done") await deps.storage.delete(key);
  return false;
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
    rowsByRealm: result.rowsByRealm ?? null,
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
  // An attempt cut off while storing may have left its archive behind; a failed export has no file.
  if (row) await deps.storage.delete(storageKeyFor(row)).catch((e: unknown) => console.error(`export ${exportId}: could not delete its file`, e));
  return row !== null;
}

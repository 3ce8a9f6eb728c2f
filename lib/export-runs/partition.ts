import { getExportById } from "@/db/queries/exports";
import { finishPartition, getPartition, recordPartitionFailure, recordPartitionProgress, startPartition } from "@/db/queries/export-partitions";
import type { PartitionRow } from "@/db/schema";
import { produceArchive, type ExportRequest } from "../exports";
import { partLimitsOf } from "../export-requests/parts";
import { realmRequestsOf, realmsOfRow, requestOfRow } from "../export-requests/request";
import { SupersededError } from "./attempts";
import { runAttempt, STOPPED, storeIfRunning, type AttemptOptions } from "./attempt";
import type { RunDeps } from "./deps";
import { isDiskFull, ScratchDiskFullError } from "./disk-full";
import { retryReason } from "./messages";
import { archiveFileName, partitionKeyFor } from "./naming";
import { openScratch, type ScratchDir } from "./scratch";

/** A partition stored (and how many of its export's are still to do), or stopped because its export is no longer running. */
export type PartitionOutcome = { stopped: true } | { stopped: false; remaining: number };

/** The engine request of one partition: its realm's request, limited to the partition's slice of time. */
export function partitionRequest(rowRequest: ReturnType<typeof requestOfRow>, partition: Pick<PartitionRow, "realm" | "fromTs" | "toTs">): ExportRequest {
  const realm = realmRequestsOf(rowRequest).find((r) => r.realm === partition.realm);
  if (!realm) throw new Error(`The export has no realm ${partition.realm}`);
  return { ...realm, slice: { from: partition.fromTs, to: partition.toTs } };
}

/**
 * Produces one partition into scratch space and stores it under its fixed key, then marks it done. A
 * partition already done is not produced again (a retried step, a restart after a crash): it only reports
 * how many are left. A failed attempt is recorded on the partition (retrying, with its error) and thrown
 * for the engine to retry.
 */
export async function producePartition(deps: RunDeps, exportId: string, index: number, opts: AttemptOptions = {}): Promise<PartitionOutcome> {
  const row = await getExportById(deps.db, exportId);
  if (!row || row.status !== "running" || row.deletedAt) return { stopped: true };
  const partition = await getPartition(deps.db, exportId, index);
  if (!partition) throw new Error(`export ${exportId} has no partition ${index}`);
  if (partition.status === "done") {
    const settled = await finishPartition(deps.db, exportId, index, null);
    return settled ? { stopped: false, remaining: settled.remaining } : { stopped: true };
  }
  if (!(await startPartition(deps.db, exportId, index))) return producePartition(deps, exportId, index, opts);
  let latest = { rows: 0, bytes: 0 };
  let scratch: ScratchDir | undefined;
  try {
    const outcome = await runAttempt(
      deps,
      exportId,
      `${exportId}#${index}`,
      { ...opts, tick: () => recordPartitionProgress(deps.db, exportId, index, latest) },
      async ({ signal }) => {
        scratch = await openScratch(deps.tmpDir, `${exportId}-${index}`);
        const request = requestOfRow(row);
        const part = await produceArchive(deps.warehouse, partitionRequest(request, partition), {
          outDir: scratch.path,
          ...partLimitsOf(request.parts),
          // With several realms each realm's files are named by the realm (jobs.csv, events.csv).
          baseName: realmsOfRow(row).length > 1 ? partition.realm : archiveFileName(row).replace(/\.zip$/, ""),
          dataOnly: true,
          signal,
          sessionName: `export ${exportId} partition ${index}`,
          // At-least-once delivery: a second attempt writes the same bytes, dated by the run's start.
          generatedAt: row.startedAt ?? undefined,
          onProgress: (p) => {
            latest = p;
          },
        }).catch((error: unknown) => {
          if (!signal.aborted && isDiskFull(error)) throw new ScratchDiskFullError(error);
          throw error;
        });
        const key = partitionKeyFor(row, index);
        if (!(await storeIfRunning(deps, exportId, key, part.path, signal))) return STOPPED;
        const done = { rows: part.rowCount, bytes: part.sizeBytes, sha256: part.sha256, storageKey: key, files: part.files };
        const settled = await finishPartition(deps.db, exportId, index, done);
        if (!settled) {
          await deps.storage.delete(key);
          return STOPPED;
        }
        return settled.remaining;
      },
    );
    return outcome === STOPPED ? { stopped: true } : { stopped: false, remaining: outcome };
  } catch (error) {
    if (error instanceof SupersededError) throw error;
    console.error(`export ${exportId}: partition ${index}'s attempt failed`, error);
    await recordPartitionFailure(deps.db, exportId, index, retryReason(error)).catch((e: unknown) =>
      console.error(`export ${exportId}: could not record partition ${index}'s failure`, e),
    );
    throw error;
  } finally {
    await scratch?.release();
  }
}

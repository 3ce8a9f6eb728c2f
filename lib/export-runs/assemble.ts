import fs from "node:fs";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { getExportById } from "@/db/queries/exports";
import { listPartitions } from "@/db/queries/export-partitions";
import { assembleArchive } from "../exports/archive/assemble";
import { realmRequestsOf, requestOfRow } from "../export-requests/request";
import { runAttempt, STOPPED, storeIfRunning, type AttemptOptions } from "./attempt";
import type { RunDeps } from "./deps";
import { isDiskFull, ScratchDiskFullError } from "./disk-full";
import { archiveFileName, storageKeyFor } from "./naming";
import type { ProduceResult } from "./run";
import { openScratch, type ScratchDir } from "./scratch";

/**
 * Builds the export's archive from its stored partitions (no query runs again) and stores it under the
 * export's one key. Every partition must be done; the archive's README lists each file with its rows and
 * sha256. A cancel during assembly stops it within a second and stores nothing.
 */
export async function assembleAndStore(deps: RunDeps, exportId: string, opts: AttemptOptions = {}): Promise<ProduceResult> {
  const row = await getExportById(deps.db, exportId);
  if (!row || row.status !== "running" || row.deletedAt) return { cancelled: true };
  const partitions = await listPartitions(deps.db, exportId);
  const unfinished = partitions.filter((p) => p.status !== "done" || !p.storageKey);
  if (partitions.length === 0 || unfinished.length > 0) {
    throw new Error(`export ${exportId}: partitions ${unfinished.map((p) => p.index).join(", ") || "(none)"} are not done`);
  }
  let scratch: ScratchDir | undefined;
  try {
    const outcome = await runAttempt(deps, exportId, `${exportId}#assembly`, opts, async ({ signal }) => {
      scratch = await openScratch(deps.tmpDir, `${exportId}-assembly`);
      const dir = scratch.path;
      const parts = [];
      for (const p of partitions) {
        const file = path.join(dir, `partition-${p.index}.zip`);
        await pipeline(await deps.storage.get(p.storageKey ?? ""), fs.createWriteStream(file), { signal });
        parts.push({ path: file, files: p.files, realm: p.realm });
      }
      const fileName = archiveFileName(row);
      const archive = await assembleArchive(realmRequestsOf(requestOfRow(row)), parts, {
        outDir: dir,
        baseName: fileName.replace(/\.zip$/, ""),
        generatedAt: row.startedAt ?? new Date(),
        signal,
      }).catch((error: unknown) => {
        if (!signal.aborted && isDiskFull(error)) throw new ScratchDiskFullError(error);
        throw error;
      });
      const storageKey = storageKeyFor(row);
      if (!(await storeIfRunning(deps, exportId, storageKey, archive.path, signal))) return STOPPED;
      const { sizeBytes, sha256, rowCount, rowsByRealm } = archive;
      return { cancelled: false as const, storageKey, fileName, sizeBytes, sha256, rowCount, rowsByRealm };
    });
    return outcome === STOPPED ? { cancelled: true } : outcome;
  } finally {
    await scratch?.release();
  }
}

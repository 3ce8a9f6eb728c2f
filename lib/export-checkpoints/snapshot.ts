import { pinExportSnapshot } from "@/db/queries/checkpoints";
import { getExportById } from "@/db/queries/exports";
import type { ExportRow } from "@/db/schema";
import type { RunDeps } from "../export-runs/deps";

/**
 * Takes the warehouse's snapshot for an export when it is planned, once: every step after it (estimate,
 * slicing, every partition, a retry) reads the rows visible in that one snapshot, so the checkpoint the
 * export hands out says exactly which arrivals it holds.
 */
export async function pinSnapshot(deps: RunDeps, exportId: string): Promise<ExportRow> {
  const before = await getExportById(deps.db, exportId);
  if (!before) throw new Error(`export ${exportId} does not exist`);
  if (before.snapshot) return before;
  const [taken] = await deps.warehouse<{ snapshot: string }[]>`select pg_current_snapshot()::text as snapshot`;
  if (!taken) throw new Error("the warehouse returned no snapshot");
  await pinExportSnapshot(deps.db, exportId, taken.snapshot, deps.now?.() ?? new Date());
  const after = await getExportById(deps.db, exportId);
  if (!after) throw new Error(`export ${exportId} does not exist`);
  return after;
}

import { countPartitions } from "../../db/queries/export-partitions";
import type { AttemptOptions } from "../../lib/export-runs/attempt";
import { assembleAndStore } from "../../lib/export-runs/assemble";
import type { RunDeps } from "../../lib/export-runs/deps";
import { producePartition } from "../../lib/export-runs/partition";
import { DEFAULT_PARTITION_ROWS, planExport } from "../../lib/export-runs/plan";
import type { ProduceResult } from "../../lib/export-runs/run";

/**
 * The steps that produce a running export, called one after another in this process as the engine's runs
 * would call them: plan, every partition in order, assembly. Stops as the runs do when a partition stops.
 */
export async function produceThroughSteps(deps: RunDeps, exportId: string, opts: AttemptOptions & { targetRows?: number } = {}): Promise<ProduceResult> {
  await planExport(deps, exportId, { targetRows: opts.targetRows ?? DEFAULT_PARTITION_ROWS });
  const partitions = await countPartitions(deps.db, exportId);
  for (let index = 1; index <= partitions; index++) {
    const outcome = await producePartition(deps, exportId, index, opts);
    if (outcome.stopped) return { cancelled: true };
  }
  return assembleAndStore(deps, exportId, opts);
}

import type { RunDeps } from "@/lib/export-runs/deps";
import { DEFAULT_PARTITION_ROWS } from "@/lib/export-runs/plan";
import { createAssembleExport, createDiscardPartitions } from "./assemble-export";
import { createRunExport } from "./run-export";
import { createRunPartition } from "./run-partition";

export interface ExportRunSettings {
  /** Runs of one organization the engine admits at once (EXPORT_CONCURRENCY_PER_ORGANIZATION). */
  perOrganization: number;
  /** Rows a partition aims at (EXPORT_PARTITION_ROWS). */
  partitionRows?: number;
  /** Partitions of one export produced at once (EXPORT_PARTITIONS_PER_EXPORT). */
  partitionsPerExport?: number;
  /** Partitions produced at once in all (EXPORT_PARTITIONS_AT_ONCE). */
  partitionsAtOnce?: number;
}

/** The functions that produce an export: the run that plans it, its partitions, the assembly, the clean-up after a cancel. */
export function createExportFunctions(deps: () => RunDeps, settings: ExportRunSettings) {
  return [
    createRunExport(deps, { perOrganization: settings.perOrganization, partitionRows: settings.partitionRows ?? DEFAULT_PARTITION_ROWS }),
    createRunPartition(deps, { perExport: settings.partitionsPerExport ?? 2, atOnce: settings.partitionsAtOnce ?? 4 }),
    createAssembleExport(deps),
    createDiscardPartitions(deps),
  ] as const;
}

import { countPartitions, insertPlan, type NewPartition } from "@/db/queries/export-partitions";
import { estimateRows } from "../exports";
import { sliceCuts } from "../exports/query/slices";
import { realmRequestsOf, requestOfRow } from "../export-requests/request";
import type { RunDeps } from "./deps";
import { pinSnapshot } from "../export-checkpoints/snapshot";

/** Rows a partition aims at by default: a few seconds of work for text formats, well under a minute for XLSX. */
export const DEFAULT_PARTITION_ROWS = 250_000;
/**
 * Partitions of one export at most. Each is its own run with a handful of steps, and the run that starts
 * them sends one event per partition from one step, whose output (the event ids) stays far below 4 MiB.
 */
export const MAX_PARTITIONS = 1000;

export interface PlanOptions {
  /** Rows per partition aimed at (EXPORT_PARTITION_ROWS). */
  targetRows: number;
  /** The realms' row estimates, in request order, when the run has them already (its estimate step). */
  estimates?: number[];
  maxPartitions?: number;
}

/**
 * Splits a running export into partitions, once: per realm, in request order, slices of its time column
 * sized to about `targetRows` rows each by the realm's estimate. A retried planning step finds the plan
 * stored and keeps it. Returns the number of partitions, never the rows.
 */
export async function planExport(deps: RunDeps, exportId: string, opts: PlanOptions): Promise<{ partitions: number }> {
  const planned = await countPartitions(deps.db, exportId);
  if (planned > 0) return { partitions: planned };
  const row = await pinSnapshot(deps, exportId);
  const requests = realmRequestsOf(requestOfRow(row));
  const estimates =
    opts.estimates?.length === requests.length
      ? opts.estimates
      : await Promise.all(requests.map(async (req) => (await estimateRows(deps.warehouse, req)).rows));
  const counts = partitionCounts(estimates, opts);
  const plan: NewPartition[] = [];
  for (const [r, req] of requests.entries()) {
    // The histogram's own count of the rows corrects a planner's estimate (too few partitions leave a core idle).
    const recount = (rows: number) => partitionCounts(estimates.with(r, rows), opts)[r];
    const cuts = await sliceCuts(deps.warehouse, req, counts[r], { rowsEstimate: estimates[r], recount });
    const bounds = [null, ...cuts, null];
    const share = Math.round(estimates[r] / (bounds.length - 1));
    for (let i = 0; i + 1 < bounds.length; i++) {
      plan.push({ exportId, index: plan.length + 1, realm: req.realm, fromTs: bounds[i], toTs: bounds[i + 1], rowsEstimate: share });
    }
  }
  await insertPlan(deps.db, plan);
  return { partitions: await countPartitions(deps.db, exportId) };
}

/**
 * Partitions per realm for the realms' row estimates: about `targetRows` each, at least one per realm, and
 * at most `maxPartitions` in all (past that, partitions grow instead of multiplying).
 */
export function partitionCounts(estimates: number[], opts: PlanOptions): number[] {
  const total = estimates.reduce((a, b) => a + b, 0);
  const max = Math.max(estimates.length, opts.maxPartitions ?? MAX_PARTITIONS);
  const target = Math.max(1, opts.targetRows, Math.ceil(total / Math.max(1, max - estimates.length)));
  return estimates.map((rows) => Math.max(1, Math.ceil(rows / target)));
}

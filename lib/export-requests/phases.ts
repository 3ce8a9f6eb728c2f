import type { Db } from "@/db/client";
import { listPartitions, type PartitionSummary } from "@/db/queries/export-partitions";
import { RUN_EXPORT_RETRIES } from "../export-runs/messages";
import type { ExportRow, PartitionRow } from "@/db/schema";

/** Where an export is in its life: the status, with what "running" is doing at the moment. */
export type ExportPhase = "queued" | "planning" | "running" | "retrying" | "packaging" | "done" | "failed" | "cancelled" | "expired";

/** One partition as an export's details show it. */
export interface PartitionView {
  index: number;
  realm: string;
  /** Its slice of the realm's time column, [from, to); null: the request's own start or end. */
  from: string | null;
  to: string | null;
  status: PartitionRow["status"];
  rows: number;
  rowsEstimate: number;
  attempts: number;
  /** Why the last attempt failed, while another is coming (status retrying). */
  lastError: string | null;
  startedAt: string | null;
  completedAt: string | null;
}

/** Where a running export is, as the list shows it beside its progress. */
export interface PhaseSummary {
  phase: ExportPhase;
  /** Partitions by state; all zero before the export is planned. */
  partitionCounts: { total: number; done: number; running: number; retrying: number; waiting: number };
  /** A partition being retried: its attempt so far, of how many it gets, and why the last one failed. */
  retrying: { attempt: number; of: number; lastError: string | null } | null;
}

export interface ExportPhases extends PhaseSummary {
  partitions: PartitionView[];
}

const NO_PARTITIONS = { total: 0, done: 0, running: 0, retrying: 0, waiting: 0 };

/** The list's summary of an export from its partitions' counts (none given: not planned, or not running). */
export function phaseSummaryOf(status: ExportRow["status"], summary: PartitionSummary | undefined): PhaseSummary {
  const counts = summary
    ? { total: summary.total, done: summary.done, running: summary.running, retrying: summary.retrying, waiting: summary.waiting }
    : NO_PARTITIONS;
  let phase: ExportPhase = status === "pending" ? "queued" : status === "running" ? "planning" : status;
  if (status === "running" && counts.total > 0) phase = counts.retrying > 0 ? "retrying" : counts.done === counts.total ? "packaging" : "running";
  const retrying =
    status === "running" && summary?.retry ? { attempt: summary.retry.attempts, of: RUN_EXPORT_RETRIES + 1, lastError: summary.retry.lastError } : null;
  return { phase, partitionCounts: counts, retrying };
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** An export's phase and its partitions, as the export's details and GET /api/v1/exports/{id} show them. */
export async function phasesOf(db: Db, row: Pick<ExportRow, "id" | "status">, status: ExportRow["status"] = row.status): Promise<ExportPhases> {
  const partitions = await listPartitions(db, row.id);
  const count = (s: PartitionRow["status"]) => partitions.filter((p) => p.status === s).length;
  const retried = partitions.filter((p) => p.status === "retrying").sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime())[0];
  const summary: PartitionSummary | undefined = partitions.length
    ? {
        total: partitions.length,
        done: count("done"),
        running: count("running"),
        retrying: count("retrying"),
        waiting: count("waiting"),
        retry: retried ? { attempts: retried.attempts, lastError: retried.lastError } : null,
      }
    : undefined;
  return {
    ...phaseSummaryOf(status, summary),
    partitions: partitions.map((p) => ({
      index: p.index,
      realm: p.realm,
      from: iso(p.fromTs),
      to: iso(p.toTs),
      status: p.status,
      rows: p.rows,
      rowsEstimate: p.rowsEstimate,
      attempts: p.attempts,
      lastError: p.status === "retrying" ? p.lastError : null,
      startedAt: iso(p.startedAt),
      completedAt: iso(p.completedAt),
    })),
  };
}

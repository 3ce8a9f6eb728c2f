import type { Db } from "@/db/client";
import { listPartitions } from "@/db/queries/export-partitions";
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

export interface ExportPhases {
  phase: ExportPhase;
  /** Partitions by state; all zero before the export is planned. */
  partitionCounts: { total: number; done: number; running: number; retrying: number; waiting: number };
  partitions: PartitionView[];
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The phase from the export's status and its partitions' states. */
export function phaseOf(status: ExportRow["status"], partitions: Pick<PartitionRow, "status">[]): ExportPhase {
  if (status === "pending") return "queued";
  if (status !== "running") return status;
  if (partitions.length === 0) return "planning";
  if (partitions.some((p) => p.status === "retrying")) return "retrying";
  if (partitions.every((p) => p.status === "done")) return "packaging";
  return "running";
}

/** An export's phase and its partitions, as the export's details and GET /api/v1/exports/{id} show them. */
export async function phasesOf(db: Db, row: Pick<ExportRow, "id" | "status">, status: ExportRow["status"] = row.status): Promise<ExportPhases> {
  const partitions = await listPartitions(db, row.id);
  const count = (s: PartitionRow["status"]) => partitions.filter((p) => p.status === s).length;
  return {
    phase: phaseOf(status, partitions),
    partitionCounts: { total: partitions.length, done: count("done"), running: count("running"), retrying: count("retrying"), waiting: count("waiting") },
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

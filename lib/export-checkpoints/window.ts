import type { ExportRow } from "@/db/schema";
import type { ArrivalWindow } from "../exports/types";

/** The arrivals a stored export reads; none for an export planned before checkpoints (it reads every row). */
export function arrivalsOfRow(row: Pick<ExportRow, "snapshot" | "previousSnapshot" | "previousToAsOf">): ArrivalWindow | undefined {
  if (!row.snapshot) return undefined;
  return { upTo: row.snapshot, after: row.previousSnapshot, afterBefore: row.previousSnapshot ? row.previousToAsOf : null };
}

/** Done, incremental, and nothing had arrived since its checkpoint: its own outcome (no ready email; the API's download answers 204). */
export function hasNoNewRows(row: Pick<ExportRow, "status" | "rowCount" | "sinceExportId">): boolean {
  return row.status === "done" && row.rowCount === 0 && row.sinceExportId !== null;
}

/** The export an incremental request continues: its id and where its rows ended. */
export interface SinceCheckpoint {
  exportId: string;
  snapshot: string;
  toAsOf: Date | null;
}

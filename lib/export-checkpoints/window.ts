import type { ExportRow } from "@/db/schema";
import type { ArrivalWindow } from "../exports/types";

/** The arrivals a stored export reads; none for an export planned before checkpoints (it reads every row). */
export function arrivalsOfRow(row: Pick<ExportRow, "snapshot" | "previousSnapshot" | "previousToAsOf">): ArrivalWindow | undefined {
  if (!row.snapshot) return undefined;
  return { upTo: row.snapshot, after: row.previousSnapshot, afterBefore: row.previousSnapshot ? row.previousToAsOf : null };
}

/** The export an incremental request continues: its id and where its rows ended. */
export interface SinceCheckpoint {
  exportId: string;
  snapshot: string;
  toAsOf: Date | null;
}

import type { Db, Sql } from "@/db/client";
import type { ExportStorage } from "../exports";

/** What a background export run needs from the outside world. */
export interface RunDeps {
  db: Db;
  warehouse: Sql;
  storage: ExportStorage;
  /** Scratch space for archives being written (DATA_DIR/tmp). */
  tmpDir: string;
  now?: () => Date;
  /** How often progress is written and cancellation checked; at most 1000 ms. */
  pollMs?: number;
}

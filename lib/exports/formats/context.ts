import type { ProgressTracker } from "../archive/progress";
import type { ExportSession } from "../query/session";
import type { ArchiveFile } from "../types";
import type { ValidRequest } from "../query/validate";
import type { ArchiveWriter } from "../archive/zip";
import type { PartLimits } from "./parts";

/** What a format producer gets: the validated request, an open session, the archive and bookkeeping. */
export interface ProduceContext {
  valid: ValidRequest;
  session: ExportSession;
  archive: ArchiveWriter;
  progress: ProgressTracker;
  baseName: string;
  /** A private directory for temporary files, removed when the export ends. */
  tmpDir: string;
  limits: PartLimits;
  /** Rows per XLSX worksheet when smaller than Excel's limit (see ProduceOptions). */
  xlsxSheetRows?: number;
  /** Parts are numbered (name-part-0001.ext) when limits were given, since a split is only known late. */
  numbered: boolean;
  deflate: boolean;
  date: Date;
  formulaGuard: boolean;
  signal: AbortSignal;
  /** Registers cleanup that stops work in flight (cancels the query, interrupts DuckDB) on abort. */
  onAbort(fn: () => void): void;
}

export interface Produced {
  files: ArchiveFile[];
  rowCount: number;
}

import type { ExportFilter, ExportOptions, ExportScope, exportFormat } from "../../db/schema/exports";
import type { Realm, RealmField } from "../realms/catalog";

export type { ExportFilter, ExportOptions, ExportScope };
export type ExportFormat = (typeof exportFormat.enumValues)[number];

export interface ExportRequest {
  organizationId: string;
  tenantId: string;
  scope: ExportScope;
  realm: string;
  /** Field names from the realm catalog; all fields in catalog order when omitted. */
  fields?: string[];
  filters?: ExportFilter[];
  /** YYYY-MM-DD, inclusive, a calendar date in `timezone`; null or absent: from the first record. */
  dateFrom?: string | null;
  /** YYYY-MM-DD, inclusive, a calendar date in `timezone`; null or absent: up to `toAsOf`. */
  dateTo?: string | null;
  /**
   * Without dateTo, the moment the request was made: records before it are exported (exclusive, as the
   * midnight after a dateTo is). Fixed once, so a rerun or a retry reads the same rows.
   */
  toAsOf?: Date | null;
  /**
   * One partition's share of the rows: its realm's time column in [from, to), within the dates above. A null
   * end is the request's own; absent, the whole range.
   */
  slice?: TimeSlice;
  /** Which arrivals the export reads (the checkpoint window); absent: every row, as before checkpoints. */
  arrivals?: ArrivalWindow;
  /** A schedule run's interval, half-open [from, to) to the instant, within the dates above; absent for other exports. */
  window?: TimeSlice | null;
  /** IANA zone name, e.g. Europe/Amsterdam. */
  timezone: string;
  format: ExportFormat;
  options?: ExportOptions;
  /** Human description of the scope for README.txt, e.g. "Project Atlas". */
  scopeLabel?: string;
}

/**
 * Rows by arrival: those whose writing transaction is visible in `upTo` (the snapshot taken when the export was
 * planned) and, for an incremental export, was not already delivered: visible in `after` (the previous export's
 * snapshot) and, when that export ended at a request time, stamped before `afterBefore`.
 */
export interface ArrivalWindow {
  upTo: string;
  after: string | null;
  afterBefore: Date | null;
}

export interface TimeSlice {
  from: Date | null;
  to: Date | null;
}

export interface CompiledQuery {
  text: string;
  values: unknown[];
  realm: Realm;
  fields: RealmField[];
}

export interface ExportProgress {
  rows: number;
  /** Bytes of data files produced so far (before zip compression). */
  bytes: number;
}

export interface ProduceOptions {
  outDir: string;
  /** File name without extension, e.g. "jobs-2025-01-01-2025-01-31". */
  baseName: string;
  signal?: AbortSignal;
  onProgress?: (p: ExportProgress) => void;
  partRowLimit?: number;
  partByteLimit?: number;
  /**
   * Rows per XLSX worksheet, header included. Excel's limit (1,048,576) by default and at most; a smaller
   * one lets a test cross sheet boundaries without a million rows.
   */
  xlsxSheetRows?: number;
  compression?: "store" | "deflate";
  generatedAt?: Date;
  now?: () => Date;
  /** Only the data files, without README.txt and manifest.json: a partition's output, assembled later. */
  dataOnly?: boolean;
  /** The warehouse session's application_name, so an export's queries can be found in pg_stat_activity. */
  sessionName?: string;
}

export interface ArchiveFile {
  name: string;
  rows: number;
  bytes: number;
  sha256: string;
}

export interface ArchiveResult {
  path: string;
  fileName: string;
  sizeBytes: number;
  sha256: string;
  rowCount: number;
  files: ArchiveFile[];
  /** Rows per realm (each realm's rowCount); rowCount is their sum. */
  rowsByRealm: Record<string, number>;
}

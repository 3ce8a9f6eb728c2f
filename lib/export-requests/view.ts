import type { Db } from "@/db/client";
import { queuePositionOf, type ExportListItem } from "@/db/queries/exports";
import type { PartitionSummary } from "@/db/queries/export-partitions";
import { getUserContact } from "@/db/queries/users";
import type { ExportRealmRequest, ExportRow } from "@/db/schema";
import { appUrl } from "../config/env";
import type { Access } from "../permissions/guard";
import { getRealm } from "../realms/catalog";
import { FORMAT_LABELS, type ExportRequestInput } from "./input";
import { defaultExportName } from "./name";
import { normalParts, type ExportParts } from "./parts";
import { phasesOf, phaseSummaryOf, type ExportPhases, type PhaseSummary } from "./phases";
import { clientRequestOf, realmsLabelOf, realmsOfRow, requestOfRow } from "./request";
import { hasNoNewRows } from "../export-checkpoints/window";
import { hasExpired, mayChange, mayHaveRealms, mayHaveScope, mayResubmit } from "./rules";
import { clientScopeOf } from "../studies/scope";

/** One export as the status table and the REST API show it: plain JSON, with what the caller may do to it. */
export interface ExportView extends PhaseSummary {
  id: string;
  /** The requester's name for it, or one made from the realm and dates. */
  name: string;
  status: ExportRow["status"];
  /** Done, and nothing in the scope and dates matched: the archive holds no rows. Derived from status and rowCount. */
  noRowsMatched: boolean;
  /** Done, incremental, and no rows had arrived since its checkpoint ("done, no new rows"). */
  noNewRows: boolean;
  /** Once done: the checkpoint token (ckpt_…) to pass as `since` for the rows that arrive after this export. */
  checkpoint: string | null;
  /** The range of arrivals it covers: after the export it continues (null: from the first row), up to when it was planned. */
  checkpointRange: { sinceExportId: string | null; upTo: string | null };
  /** As a client sends it: a study scope without the members it was resolved to. */
  scope: ReturnType<typeof clientScopeOf>;
  scopeLabel: string;
  realm: string;
  /** The realm's label; with several realms, their labels joined ("Compute jobs + Lab results"). */
  realmLabel: string;
  fields: string[];
  /** Every realm of the archive in its order, with its fields and filters (the first is realm, fields above). */
  realms: ExportRealmRequest[];
  /** Once done: rows written per realm, in the archive's order; null before, or for exports finished before it was recorded. */
  rowsByRealm: { realm: string; realmLabel: string; rows: number }[] | null;
  /** YYYY-MM-DD, included; null: from the first record. */
  dateFrom: string | null;
  /** YYYY-MM-DD, included; null: up to toAsOf. */
  dateTo: string | null;
  /** With an open end (dateTo null), the recorded request time: the export holds records before it. Else null. */
  toAsOf: string | null;
  timezone: string;
  format: ExportRow["format"];
  formatLabel: string;
  options: ExportRow["options"];
  /** The part limits asked for; null for one file per format. */
  parts: ExportParts | null;
  requestedBy: { email: string; name: string | null; isYou: boolean };
  createdAt: string;
  startedAt: string | null;
  progressAt: string | null;
  completedAt: string | null;
  expiresAt: string | null;
  rowsEstimate: number | null;
  rowsProcessed: number;
  bytesWritten: number;
  rowCount: number | null;
  sizeBytes: number | null;
  sha256: string | null;
  error: string | null;
  queuePosition: number | null;
  /** Seconds until a running export should finish, from its rows-per-second so far; null when not running or no rows yet. */
  etaSeconds: number | null;
  estimatedCompletionAt: string | null;
  fileName: string | null;
  downloadCount: number;
  firstDownloadedAt: string | null;
  resubmittedFrom: string | null;
  downloadUrl: string | null;
  /** The body that creates the same export again through POST /api/v1/exports. */
  request: ExportRequestInput;
  can: { download: boolean; cancel: boolean; delete: boolean; resubmit: boolean };
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The rows per realm a finished export recorded, in the archive's order. */
function rowsByRealmOf(row: ExportRow): ExportView["rowsByRealm"] {
  const counts = row.rowsByRealm;
  if (!counts) return null;
  return realmsOfRow(row).map((r) => ({ realm: r.realm, realmLabel: getRealm(r.realm)?.label ?? r.realm, rows: counts[r.realm] ?? 0 }));
}

/**
 * When a running export should be done at the rate it has kept so far (rows written between its start and
 * its last progress report), against the estimate. A run past its estimate is due any moment (0 s).
 */
export function etaOf(row: Pick<ExportRow, "status" | "startedAt" | "progressAt" | "rowsProcessed" | "rowsEstimate">, now: Date) {
  if (row.status !== "running" || !row.startedAt || !row.progressAt || !row.rowsEstimate || row.rowsProcessed <= 0) return null;
  const elapsedMs = row.progressAt.getTime() - row.startedAt.getTime();
  if (elapsedMs <= 0) return null;
  const remainingMs = (Math.max(0, row.rowsEstimate - row.rowsProcessed) * elapsedMs) / row.rowsProcessed;
  const at = new Date(Math.max(now.getTime(), row.progressAt.getTime() + remainingMs));
  return { etaSeconds: Math.ceil((at.getTime() - now.getTime()) / 1000), estimatedCompletionAt: at.toISOString() };
}

/** The export's one download address, absolute (APP_URL), as the ready email links it. */
export function downloadUrlOf(id: string): string {
  return `${appUrl()}/exports/${id}/download`;
}

export function toExportView(
  row: ExportRow & Partial<Pick<ExportListItem, "requestedByEmail" | "requestedByName" | "queuePosition">> & { partitionSummary?: PartitionSummary },
  access: Access,
  now = new Date(),
): ExportView {
  // Past its expiry an export is expired from that moment, as downloads say, not only once the sweep ran.
  const expired = hasExpired(row, now);
  const status = expired ? "expired" : row.status;
  const downloadable = status === "done" && mayHaveRealms(access, row) && mayHaveScope(access, row);
  const active = status === "pending" || status === "running";
  const eta = etaOf(row, now);
  const realmLabel = realmsLabelOf(row);
  return {
    id: row.id,
    name: row.name ?? defaultExportName(realmLabel, row.dateFrom, row.dateTo),
    status,
    noRowsMatched: status === "done" && row.rowCount === 0,
    noNewRows: hasNoNewRows({ ...row, status }),
    checkpoint: row.checkpointToken,
    checkpointRange: { sinceExportId: row.sinceExportId, upTo: iso(row.snapshotAt) },
    scope: clientScopeOf(row.scope),
    scopeLabel: row.scopeLabel,
    realm: row.realm,
    realmLabel,
    fields: row.fields,
    realms: realmsOfRow(row),
    rowsByRealm: rowsByRealmOf(row),
    dateFrom: row.dateFrom,
    dateTo: row.dateTo,
    toAsOf: iso(row.toAsOf),
    timezone: row.timezone,
    format: row.format,
    formatLabel: FORMAT_LABELS[row.format],
    options: row.options,
    parts: normalParts(row.parts),
    requestedBy: { email: row.requestedByEmail ?? "", name: row.requestedByName ?? null, isYou: row.requestedBy === access.userId },
    createdAt: row.createdAt.toISOString(),
    startedAt: iso(row.startedAt),
    progressAt: iso(row.progressAt),
    completedAt: iso(row.completedAt),
    expiresAt: iso(row.expiresAt),
    rowsEstimate: row.rowsEstimate,
    rowsProcessed: row.rowsProcessed,
    bytesWritten: row.bytesWritten,
    rowCount: row.rowCount,
    sizeBytes: row.sizeBytes,
    sha256: row.sha256,
    error: row.error,
    queuePosition: status === "pending" ? (row.queuePosition ?? null) : null,
    etaSeconds: eta?.etaSeconds ?? null,
    estimatedCompletionAt: eta?.estimatedCompletionAt ?? null,
    fileName: row.fileName,
    downloadCount: row.downloadCount,
    firstDownloadedAt: iso(row.firstDownloadedAt),
    resubmittedFrom: row.resubmittedFrom,
    downloadUrl: downloadable ? downloadUrlOf(row.id) : null,
    request: clientRequestOf(requestOfRow(row)),
    ...phaseSummaryOf(status, row.partitionSummary),
    can: {
      download: downloadable,
      cancel: active && mayChange(access, row),
      delete: mayChange(access, row),
      resubmit: mayResubmit(access, row, now),
    },
  };
}

/**
 * One export as a single-export answer shows it (after a create, cancel or resubmit, or GET by id), with the
 * access its guard already resolved. The requester and the queue position are read as the list reads them,
 * so one export reads the same in both; a caller who is the requester may pass their own contact.
 */
export async function viewOfExport(
  db: Db,
  row: ExportRow,
  access: Access,
  requester?: { email: string; name: string | null },
): Promise<ExportView & ExportPhases> {
  const [contact, queuePosition] = await Promise.all([
    requester ?? getUserContact(db, row.requestedBy),
    row.status === "pending" ? queuePositionOf(db, row.id) : null,
  ]);
  const view = toExportView({ ...row, requestedByEmail: contact?.email ?? "", requestedByName: contact?.name ?? null, queuePosition }, access);
  // One export's answer also says what its run is doing, partition by partition.
  return { ...view, ...(await phasesOf(db, row, view.status)) };
}

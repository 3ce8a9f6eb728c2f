import "server-only";
import type { ExportListItem } from "@/db/queries/exports";
import type { ExportRow } from "@/db/schema";
import { FORMAT_LABELS, type ExportRequestInput } from "@/lib/export-requests/input";
import { appUrl } from "@/lib/config/env";
import { hasExpired } from "@/lib/downloads/authorize";
import { requestOf } from "@/lib/export-requests/service";
import { can, canExportRealm, type Access } from "@/lib/permissions/guard";
import { getRealm } from "@/lib/realms/catalog";

/** One export as the status table and the REST API show it: plain JSON, with what the caller may do to it. */
export interface ExportView {
  id: string;
  status: ExportRow["status"];
  scope: ExportRow["scope"];
  scopeLabel: string;
  realm: string;
  realmLabel: string;
  fields: string[];
  dateFrom: string;
  dateTo: string;
  timezone: string;
  format: ExportRow["format"];
  formatLabel: string;
  options: ExportRow["options"];
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

/** Mirrors the service's rule: own exports need create (or manage), other people's need manage. */
function mayChange(access: Access, row: ExportRow): boolean {
  return row.requestedBy === access.userId ? can(access, "data.exports.create") || can(access, "data.exports.manage") : can(access, "data.exports.manage");
}

export function toExportView(
  row: ExportRow & Partial<Pick<ExportListItem, "requestedByEmail" | "requestedByName" | "queuePosition">>,
  access: Access,
  now = new Date(),
): ExportView {
  // An organization-wide archive holds every tenant's records: only organization-level members may have it.
  const scopeAllowed = row.scope.type !== "organization" || access.organizationWide;
  // Past its expiry an export is expired from that moment, as downloads say, not only once the sweep ran.
  const expired = hasExpired(row, now);
  const status = expired ? "expired" : row.status;
  const downloadable = status === "done" && access.realms.has(row.realm) && scopeAllowed;
  const active = status === "pending" || status === "running";
  const eta = etaOf(row, now);
  return {
    id: row.id,
    status,
    scope: row.scope,
    scopeLabel: row.scopeLabel,
    realm: row.realm,
    realmLabel: getRealm(row.realm)?.label ?? row.realm,
    fields: row.fields,
    dateFrom: row.dateFrom,
    dateTo: row.dateTo,
    timezone: row.timezone,
    format: row.format,
    formatLabel: FORMAT_LABELS[row.format],
    options: row.options,
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
    request: requestOf(row),
    can: {
      download: downloadable,
      cancel: active && mayChange(access, row),
      delete: mayChange(access, row),
      resubmit: (["failed", "cancelled"].includes(row.status) || expired) && canExportRealm(access, row.realm) && scopeAllowed,
    },
  };
}

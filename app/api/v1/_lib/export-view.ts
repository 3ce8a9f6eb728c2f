import "server-only";
import type { ExportListItem } from "@/db/queries/exports";
import type { ExportRow } from "@/db/schema";
import { FORMAT_LABELS, type ExportRequestInput } from "@/lib/export-requests/input";
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
  downloadCount: number;
  firstDownloadedAt: string | null;
  resubmittedFrom: string | null;
  downloadUrl: string | null;
  /** The body that creates the same export again through POST /api/v1/exports. */
  request: ExportRequestInput;
  can: { download: boolean; cancel: boolean; delete: boolean; resubmit: boolean };
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

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
  const downloadable = row.status === "done" && (!row.expiresAt || row.expiresAt > now) && access.realms.has(row.realm) && scopeAllowed;
  const active = row.status === "pending" || row.status === "running";
  return {
    id: row.id,
    status: row.status,
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
    queuePosition: row.queuePosition ?? null,
    downloadCount: row.downloadCount,
    firstDownloadedAt: iso(row.firstDownloadedAt),
    resubmittedFrom: row.resubmittedFrom,
    downloadUrl: downloadable ? `/exports/${row.id}/download` : null,
    request: requestOf(row),
    can: {
      download: downloadable,
      cancel: active && mayChange(access, row),
      delete: mayChange(access, row),
      resubmit: (["failed", "cancelled"].includes(row.status) || hasExpired(row, now)) && canExportRealm(access, row.realm) && scopeAllowed,
    },
  };
}

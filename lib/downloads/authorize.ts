import type { Db } from "@/db/client";
import { findVisibleExport } from "@/db/queries/exports";
import type { ExportRow } from "@/db/schema";
import { AppError } from "../errors/app-error";
import { hasExpired, mayHaveRealms, mayHaveScope } from "../export-requests/rules";
import { resolveAccess, type TokenRestriction } from "../permissions/guard";

export type DownloadDecision =
  | { kind: "ready"; row: ExportRow & { storageKey: string; sizeBytes: number; sha256: string; fileName: string } }
  | { kind: "expired"; row: ExportRow }
  | { kind: "not-ready"; row: ExportRow };

/**
 * Decides, at download time, whether this user may have this export's file now. Access is checked again
 * here (membership, read permission and the right to export the realm), never taken from request time.
 * Anything the user may not see is "not found", whoever owns it — also for an API token outside its
 * organization, tenant or scopes, so a token never learns that an export exists.
 */
export async function authorizeDownload(
  db: Db,
  userId: string,
  exportId: string,
  now = new Date(),
  restrict: TokenRestriction | null = null,
): Promise<DownloadDecision> {
  // One query refuses an id of another organization and a made-up one alike, in the same time.
  const row = await findVisibleExport(db, { userId, id: exportId, within: restrict });
  if (!row) throw AppError.notFound("Export not found");
  const access = await resolveAccess(db, { userId, organizationId: row.organizationId, tenantId: row.tenantId }, restrict);
  if (!access || !access.permissions.has("data.exports.read") || !mayHaveRealms(access, row)) throw AppError.notFound("Export not found");
  if (!mayHaveScope(access, row)) throw AppError.notFound("Export not found");
  if (hasExpired(row, now)) return { kind: "expired", row };
  if (row.status !== "done" || !row.storageKey || row.sizeBytes === null || !row.sha256 || !row.fileName) return { kind: "not-ready", row };
  return { kind: "ready", row: { ...row, storageKey: row.storageKey, sizeBytes: row.sizeBytes, sha256: row.sha256, fileName: row.fileName } };
}

/**
 * Why an expired export's file cannot be had, truthfully: once the sweep ran its file is deleted; before
 * that the file is still stored but no longer served, and is deleted shortly.
 */
export function expiredMessage(row: Pick<ExportRow, "status" | "expiresAt">): string {
  const when = row.expiresAt?.toISOString() ?? "earlier";
  const file = row.status === "expired" ? "its file was deleted" : "its file is no longer served and will be deleted shortly";
  return `This export expired on ${when} and ${file}. Resubmit the request to export the data again.`;
}

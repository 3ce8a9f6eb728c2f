import type { ExportRow } from "@/db/schema";
import { can, canExportRealm, type Access } from "../permissions/guard";
import { realmsOfRow } from "./request";

/*
 * What a caller may do to an export, written once: the service enforces these and the view shows them, so
 * a button is offered exactly when the action would be accepted.
 */

/** Cancel or delete: own exports need data.exports.create (or manage), other people's need data.exports.manage. */
export function mayChange(access: Access, row: Pick<ExportRow, "requestedBy">): boolean {
  return row.requestedBy === access.userId ? can(access, "data.exports.create") || can(access, "data.exports.manage") : can(access, "data.exports.manage");
}

/** An organization-wide archive holds every tenant's records: only organization-level members may have it. */
export function mayHaveScope(access: Access, row: Pick<ExportRow, "scope">): boolean {
  return row.scope.type !== "organization" || access.organizationWide;
}

/**
 * Ended without a file to download: failed, cancelled, or expired from its expiry on (not only once the
 * sweep ran). Such an export may be made again; so may a done one whose file is gone, which only storage
 * can tell, so the service asks it and the list does not.
 */
export function endedWithoutFile(row: Pick<ExportRow, "status" | "expiresAt">, now = new Date()): boolean {
  return row.status === "failed" || row.status === "cancelled" || hasExpired(row, now);
}

type RealmsOfRow = Pick<ExportRow, "realm" | "fields" | "filters" | "realms">;

/** Whether the caller may see every realm an export holds: one realm they may not export hides the whole archive. */
export function mayHaveRealms(access: Access, row: RealmsOfRow): boolean {
  return realmsOfRow(row).every((r) => access.realms.has(r.realm));
}

/** Resubmit, as the list offers it: the export ended without a file and the caller could request it today. */
export function mayResubmit(access: Access, row: Pick<ExportRow, "status" | "expiresAt" | "scope"> & RealmsOfRow, now = new Date()): boolean {
  return endedWithoutFile(row, now) && realmsOfRow(row).every((r) => canExportRealm(access, r.realm)) && mayHaveScope(access, row);
}

/**
 * Whether an export's file is past its retention: marked expired, or done with an expiry already behind
 * it (the expiry cron runs only every few minutes, and nothing may be served or refused meanwhile).
 */
export function hasExpired(row: Pick<ExportRow, "status" | "expiresAt">, now = new Date()): boolean {
  return row.status === "expired" || (row.status === "done" && row.expiresAt !== null && row.expiresAt <= now);
}

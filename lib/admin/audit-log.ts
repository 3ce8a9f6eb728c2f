import { z } from "zod";
import type { Db } from "@/db/client";
import { listAuditEvents } from "@/db/queries/audit-events";
import type { AuditAction } from "../audit/record";
import { decodeCursor, encodeCursor } from "../pagination/cursor";
import { parsePlace, requireOrganizationAdmin } from "./access";
import type { Actor } from "../permissions/actor";
import { parseInput } from "./input";
import { userAgentSummary } from "./user-agent";

/** Every action the audit trail records, for the filter. The check below fails to compile when one is missing. */
export const AUDIT_ACTIONS = [
  "export.requested",
  "export.cancelled",
  "export.deleted",
  "export.resubmitted",
  "export.downloaded",
  "token.created",
  "token.revoked",
  "member.added",
  "member.updated",
  "member.removed",
  "role.updated",
  "settings.updated",
] as const satisfies readonly AuditAction[];
type MissingAction = Exclude<AuditAction, (typeof AUDIT_ACTIONS)[number]>;
const everyActionListed: [MissingAction] extends [never] ? true : MissingAction = true;
void everyActionListed;

export const AUDIT_PAGE_SIZE = 50;

/** What a person is told when a page link's cursor was edited or is not one of ours. */
const STALE_LINK = "This page link is no longer valid; start again from the newest events";

const auditQuery = z.object({
  action: z.preprocess((v) => (v === "" ? undefined : v), z.enum(AUDIT_ACTIONS, { error: "Choose an action from the list" }).optional()),
  cursor: z.string().max(200).optional(),
});

export interface AuditEventView {
  id: string;
  action: string;
  actor: string;
  /** Whether the action came through an API token rather than the portal. */
  viaToken: boolean;
  tenantName: string | null;
  exportId: string | null;
  ipAddress: string | null;
  userAgent: string | null;
  /** The user agent as a person reads it ("Chrome 131 on Linux"); the raw header stays in `userAgent`. */
  client: string | null;
  bytesServed: number | null;
  details: Record<string, unknown> | null;
  at: string;
}

/** One page of the organization's audit trail, newest first; `nextCursor` is null on the last page. */
export async function listAuditLog(db: Db, actor: Actor, place: unknown, raw: unknown): Promise<{ items: AuditEventView[]; nextCursor: string | null }> {
  const { organizationId } = parsePlace(place);
  await requireOrganizationAdmin(db, actor, organizationId);
  const query = parseInput(auditQuery, raw);
  const rows = await listAuditEvents(db, { organizationId, action: query.action, cursor: decodeCursor(query.cursor, STALE_LINK), limit: AUDIT_PAGE_SIZE + 1 });
  const page = rows.slice(0, AUDIT_PAGE_SIZE);
  const last = page.at(-1);
  return {
    items: page.map((r) => ({
      id: r.id,
      action: r.action,
      // A deleted user leaves only their id behind; events without a user come from the system (expiry).
      actor: r.actorEmail ?? (r.actorUserId ? `deleted user ${r.actorUserId.slice(0, 8)}` : "system"),
      viaToken: r.actorTokenId !== null,
      tenantName: r.tenantName,
      exportId: r.exportId,
      ipAddress: r.ipAddress,
      userAgent: r.userAgent,
      client: userAgentSummary(r.userAgent),
      bytesServed: r.bytesServed,
      details: r.details,
      at: r.createdAt.toISOString(),
    })),
    nextCursor: rows.length > AUDIT_PAGE_SIZE && last ? encodeCursor({ createdAt: last.createdAtExact, id: last.id }) : null,
  };
}

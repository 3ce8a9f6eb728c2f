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
  "webhook.created",
  "webhook.deleted",
  "webhook.rotated",
  "webhook.enabled",
  "study.created",
  "study.updated",
  "cohort.created",
  "cohort.updated",
  "cohort.deleted",
  "cohort.members_replaced",
] as const satisfies readonly AuditAction[];
type MissingAction = Exclude<AuditAction, (typeof AUDIT_ACTIONS)[number]>;
const everyActionListed: [MissingAction] extends [never] ? true : MissingAction = true;
void everyActionListed;

export const AUDIT_PAGE_SIZE = 50;

/** What a person is told when a page link's cursor was edited or is not one of ours. */
const STALE_LINK = "This page link is no longer valid; start again from the newest events";

/** A form's empty field sends "", which means "any". */
const blank = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const day = (label: string) =>
  z.preprocess(
    blank,
    z
      .string({ error: `${label} must be a date such as 2026-05-01` })
      .trim()
      .pipe(z.iso.date(`${label} must be a date such as 2026-05-01`))
      .optional(),
  );

const auditQuery = z
  .object({
    action: z.preprocess(blank, z.enum(AUDIT_ACTIONS, { error: "Choose an action from the list" }).optional()),
    actor: z.preprocess(blank, z.string({ error: "Enter part of an email address" }).trim().max(254, "That email is too long").optional()),
    from: day("From"),
    to: day("To"),
    cursor: z.string().max(200).optional(),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { path: ["to"], error: "To must be on or after From" });

/** The filters a page of the trail was asked with, for the next page's link. */
export type AuditFilters = Partial<Record<"action" | "actor" | "from" | "to", string>>;

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
  // Days are UTC days, like the times the table shows; "to" includes its whole day.
  const rows = await listAuditEvents(db, {
    organizationId,
    action: query.action,
    actorEmail: query.actor,
    since: query.from ? new Date(`${query.from}T00:00:00Z`) : undefined,
    before: query.to ? new Date(Date.parse(`${query.to}T00:00:00Z`) + 86_400_000) : undefined,
    cursor: decodeCursor(query.cursor, STALE_LINK),
    limit: AUDIT_PAGE_SIZE + 1,
  });
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

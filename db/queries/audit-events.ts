import { and, desc, eq, gte, ilike, lt } from "drizzle-orm";
import type { Db } from "../client";
import { auditEvents, tenants, users } from "../schema";
import { exactCreatedAt, olderThan, type KeysetCursor } from "./keyset";

export interface AuditListItem {
  id: string;
  action: string;
  actorUserId: string | null;
  actorEmail: string | null;
  actorTokenId: string | null;
  tenantName: string | null;
  exportId: string | null;
  ipAddress: string | null;
  userAgent: string | null;
  bytesServed: number | null;
  details: Record<string, unknown> | null;
  createdAt: Date;
  createdAtExact: string;
}

/** A LIKE pattern matching `text` anywhere, its wildcards taken literally. */
const containing = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * An organization's audit events, newest first, keyset-paged on (created_at, id), optionally of one action,
 * of actors whose email contains a text, and in [since, before).
 */
export async function listAuditEvents(
  db: Db,
  q: { organizationId: string; action?: string | null; actorEmail?: string; since?: Date; before?: Date; cursor?: KeysetCursor | null; limit: number },
): Promise<AuditListItem[]> {
  return (
    db
      .select({
        id: auditEvents.id,
        action: auditEvents.action,
        actorUserId: auditEvents.actorUserId,
        actorEmail: users.email,
        actorTokenId: auditEvents.actorTokenId,
        tenantName: tenants.name,
        exportId: auditEvents.exportId,
        ipAddress: auditEvents.ipAddress,
        userAgent: auditEvents.userAgent,
        bytesServed: auditEvents.bytesServed,
        details: auditEvents.details,
        createdAt: auditEvents.createdAt,
        createdAtExact: exactCreatedAt(auditEvents.createdAt),
      })
      .from(auditEvents)
      .leftJoin(users, eq(users.id, auditEvents.actorUserId))
      // The tenant must be of the same organization: audit_events.tenant_id has no foreign key.
      .leftJoin(tenants, and(eq(tenants.id, auditEvents.tenantId), eq(tenants.organizationId, auditEvents.organizationId)))
      .where(
        and(
          eq(auditEvents.organizationId, q.organizationId),
          q.action ? eq(auditEvents.action, q.action) : undefined,
          q.actorEmail ? ilike(users.email, containing(q.actorEmail)) : undefined,
          q.since ? gte(auditEvents.createdAt, q.since) : undefined,
          q.before ? lt(auditEvents.createdAt, q.before) : undefined,
          olderThan(auditEvents.createdAt, auditEvents.id, q.cursor),
        ),
      )
      .orderBy(desc(auditEvents.createdAt), desc(auditEvents.id))
      .limit(q.limit)
  );
}

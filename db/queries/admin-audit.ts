import { and, desc, eq, sql } from "drizzle-orm";
import type { Db } from "../client";
import { auditEvents, tenants, users } from "../schema";

export interface AuditCursor {
  /** created_at with microseconds, as to_char prints it: a JS Date would drop them and skip or repeat rows. */
  createdAt: string;
  id: string;
}

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

/** An organization's audit events, newest first, keyset-paged on (created_at, id), optionally of one action. */
export async function listAuditEvents(
  db: Db,
  q: { organizationId: string; action?: string | null; cursor?: AuditCursor | null; limit: number },
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
        createdAtExact: sql<string>`to_char(${auditEvents.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
      })
      .from(auditEvents)
      .leftJoin(users, eq(users.id, auditEvents.actorUserId))
      // The tenant must be of the same organization: audit_events.tenant_id has no foreign key.
      .leftJoin(tenants, and(eq(tenants.id, auditEvents.tenantId), eq(tenants.organizationId, auditEvents.organizationId)))
      .where(
        and(
          eq(auditEvents.organizationId, q.organizationId),
          q.action ? eq(auditEvents.action, q.action) : undefined,
          q.cursor ? sql`(${auditEvents.createdAt}, ${auditEvents.id}) < (${q.cursor.createdAt}::timestamptz, ${q.cursor.id}::uuid)` : undefined,
        ),
      )
      .orderBy(desc(auditEvents.createdAt), desc(auditEvents.id))
      .limit(q.limit)
  );
}

import { and, asc, eq, isNull, or, sql } from "drizzle-orm";
import type { Db } from "../client";
import { memberships, roles, users } from "../schema";

export interface AdminContact {
  name: string | null;
  email: string;
}

/**
 * The people who can change roles and memberships for a tenant (members.manage there or for the whole
 * organization): whom to ask when a role may not do something.
 */
export async function listWorkspaceAdmins(db: Db, q: { organizationId: string; tenantId: string }): Promise<AdminContact[]> {
  return db
    .selectDistinct({ name: users.name, email: users.email })
    .from(memberships)
    .innerJoin(roles, eq(roles.id, memberships.roleId))
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(
      and(
        eq(memberships.organizationId, q.organizationId),
        or(isNull(memberships.tenantId), eq(memberships.tenantId, q.tenantId)),
        sql`'members.manage' = any(${roles.permissions})`,
      ),
    )
    .orderBy(asc(users.email))
    .limit(10);
}

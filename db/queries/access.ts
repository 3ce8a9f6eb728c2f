import { and, eq, isNull, or } from "drizzle-orm";
import type { Db } from "../client";
import { memberships, roles, tenants } from "../schema";

export interface MembershipGrant {
  tenantId: string | null;
  permissions: string[];
  realms: string[];
}

/**
 * The memberships of a user that apply in an organization, optionally narrowed to one tenant
 * (organization-wide memberships apply to every tenant). Empty when the tenant is not in the organization.
 */
export async function findGrants(db: Db, q: { userId: string; organizationId: string; tenantId?: string | null }): Promise<MembershipGrant[]> {
  if (q.tenantId) {
    const tenant = await db
      .select({ id: tenants.id })
      .from(tenants)
      .where(and(eq(tenants.id, q.tenantId), eq(tenants.organizationId, q.organizationId)));
    if (tenant.length === 0) return [];
  }
  const tenantClause = q.tenantId ? or(isNull(memberships.tenantId), eq(memberships.tenantId, q.tenantId)) : isNull(memberships.tenantId);
  return db
    .select({ tenantId: memberships.tenantId, permissions: roles.permissions, realms: roles.realms })
    .from(memberships)
    .innerJoin(roles, eq(roles.id, memberships.roleId))
    .where(and(eq(memberships.userId, q.userId), eq(memberships.organizationId, q.organizationId), tenantClause));
}

/** Whether the user belongs to the organization at all, through any membership. */
export async function isOrganizationMember(db: Db, q: { userId: string; organizationId: string }): Promise<boolean> {
  const rows = await db
    .select({ id: memberships.id })
    .from(memberships)
    .where(and(eq(memberships.userId, q.userId), eq(memberships.organizationId, q.organizationId)))
    .limit(1);
  return rows.length > 0;
}

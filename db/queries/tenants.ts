import { and, asc, eq, isNull, or } from "drizzle-orm";
import type { Db } from "../client";
import { memberships, organizations, tenants } from "../schema";

export interface TenantChoice {
  organizationId: string;
  organizationName: string;
  tenantId: string;
  tenantName: string;
}

/** Every tenant the user can work in: all tenants of organizations they belong to as a whole, plus single tenants. */
export async function listUserTenants(db: Db, userId: string): Promise<TenantChoice[]> {
  const rows = await db
    .selectDistinct({
      organizationId: organizations.id,
      organizationName: organizations.name,
      tenantId: tenants.id,
      tenantName: tenants.name,
    })
    .from(memberships)
    .innerJoin(organizations, eq(organizations.id, memberships.organizationId))
    .innerJoin(tenants, and(eq(tenants.organizationId, memberships.organizationId), or(isNull(memberships.tenantId), eq(tenants.id, memberships.tenantId))))
    .where(eq(memberships.userId, userId))
    .orderBy(asc(organizations.name), asc(tenants.name));
  return rows;
}

/**
 * The organization a tenant belongs to, so an API request that names only its tenant (as "Copy API
 * request" does) can be checked against the right organization. Access is checked afterwards.
 */
export async function findTenantOrganizationId(db: Db, tenantId: string): Promise<string | null> {
  const rows = await db.select({ organizationId: tenants.organizationId }).from(tenants).where(eq(tenants.id, tenantId));
  return rows[0]?.organizationId ?? null;
}

export async function getTenantNames(db: Db, q: { organizationId: string; tenantId: string }) {
  const rows = await db
    .select({ tenant: tenants.name, organization: organizations.name })
    .from(tenants)
    .innerJoin(organizations, eq(organizations.id, tenants.organizationId))
    .where(and(eq(tenants.id, q.tenantId), eq(tenants.organizationId, q.organizationId)));
  return rows[0] ?? null;
}

/** The organization's tenants, for the "where" picker. */
export async function listOrganizationTenants(db: Db, organizationId: string): Promise<{ id: string; name: string }[]> {
  return db.select({ id: tenants.id, name: tenants.name }).from(tenants).where(eq(tenants.organizationId, organizationId)).orderBy(asc(tenants.name));
}

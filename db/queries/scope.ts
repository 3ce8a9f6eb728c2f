import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "../client";
import { apps, organizations, projects, tenants } from "../schema";

/** A project of the tenant, or null (also for another tenant's or organization's project). */
export async function findTenantProject(db: Db, q: { organizationId: string; tenantId: string; projectId: string }) {
  const rows = await db
    .select({ id: projects.id, name: projects.name })
    .from(projects)
    .where(and(eq(projects.id, q.projectId), eq(projects.tenantId, q.tenantId), eq(projects.organizationId, q.organizationId)));
  return rows[0] ?? null;
}

/** The apps of the tenant among `appIds`; ids of other tenants are simply absent from the result. */
export async function findTenantApps(db: Db, q: { organizationId: string; tenantId: string; appIds: string[] }) {
  if (q.appIds.length === 0) return [];
  return db
    .select({ id: apps.id, name: apps.name, projectId: apps.projectId })
    .from(apps)
    .where(and(inArray(apps.id, q.appIds), eq(apps.tenantId, q.tenantId), eq(apps.organizationId, q.organizationId)));
}

export async function getTenantNames(db: Db, q: { organizationId: string; tenantId: string }) {
  const rows = await db
    .select({ tenant: tenants.name, organization: organizations.name })
    .from(tenants)
    .innerJoin(organizations, eq(organizations.id, tenants.organizationId))
    .where(and(eq(tenants.id, q.tenantId), eq(tenants.organizationId, q.organizationId)));
  return rows[0] ?? null;
}

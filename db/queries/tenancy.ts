import { and, asc, eq, inArray, isNull, or } from "drizzle-orm";
import type { Db } from "../client";
import { apps, memberships, organizations, projects, tenants, userPreferences } from "../schema";

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

export async function getPreference(db: Db, userId: string) {
  const rows = await db.select().from(userPreferences).where(eq(userPreferences.userId, userId));
  return rows[0] ?? null;
}

export async function savePreference(db: Db, userId: string, value: { organizationId: string | null; tenantId: string | null; timezone?: string | null }) {
  await db
    .insert(userPreferences)
    .values({ userId, ...value, updatedAt: new Date() })
    .onConflictDoUpdate({ target: userPreferences.userId, set: { ...value, updatedAt: new Date() } });
}

/** Projects and apps of one tenant, for scope pickers. */
export async function listTenantProjects(db: Db, q: { organizationId: string; tenantId: string }) {
  const projectRows = await db
    .select({ id: projects.id, name: projects.name })
    .from(projects)
    .where(and(eq(projects.organizationId, q.organizationId), eq(projects.tenantId, q.tenantId)))
    .orderBy(asc(projects.name));
  const appRows = projectRows.length
    ? await db
        .select({ id: apps.id, name: apps.name, projectId: apps.projectId })
        .from(apps)
        .where(
          and(
            eq(apps.tenantId, q.tenantId),
            inArray(
              apps.projectId,
              projectRows.map((p) => p.id),
            ),
          ),
        )
        .orderBy(asc(apps.name))
    : [];
  return projectRows.map((p) => ({ ...p, apps: appRows.filter((a) => a.projectId === p.id) }));
}

import { and, asc, eq, inArray } from "drizzle-orm";
import type { Db } from "../client";
import { apps, projects } from "../schema";

/** A project of the tenant, or null (also for another tenant's or organization's project). */
export async function findTenantProject(db: Db, q: { organizationId: string; tenantId: string; projectId: string }) {
  const rows = await db
    .select({ id: projects.id, name: projects.name })
    .from(projects)
    .where(and(eq(projects.id, q.projectId), eq(projects.tenantId, q.tenantId), eq(projects.organizationId, q.organizationId)));
  return rows[0] ?? null;
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

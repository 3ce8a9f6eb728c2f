import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "../client";
import { apps } from "../schema";

/** The apps of the tenant among `appIds`; ids of other tenants are simply absent from the result. */
export async function findTenantApps(db: Db, q: { organizationId: string; tenantId: string; appIds: string[] }) {
  if (q.appIds.length === 0) return [];
  return db
    .select({ id: apps.id, name: apps.name, projectId: apps.projectId })
    .from(apps)
    .where(and(inArray(apps.id, q.appIds), eq(apps.tenantId, q.tenantId), eq(apps.organizationId, q.organizationId)));
}

import { randomUUID } from "node:crypto";
import { createDb, type Db } from "../db/client";
import * as s from "../db/schema";
import { DEFAULT_ROLES } from "../lib/permissions/roles";

let shared: ReturnType<typeof createDb> | undefined;

/** The test database (started by test/global-setup.ts), one pool per test file. */
export function testDb(): { db: Db; sql: ReturnType<typeof createDb>["sql"] } {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set: run tests through vitest, whose global setup starts Postgres");
  shared ??= createDb(url, 5);
  return shared;
}

export interface TestOrg {
  organizationId: string;
  tenantIds: [string, string];
  projectIds: [string, string];
  appIds: [string, string];
  roleIds: Record<string, string>;
}

/** A fresh organization with two tenants, a project and two apps in the first tenant, and the default roles. */
export async function createOrg(db: Db, name = `Org ${randomUUID().slice(0, 8)}`): Promise<TestOrg> {
  const organizationId = randomUUID();
  const slug = `${name.toLowerCase().replace(/[^a-z0-9]+/g, "-")}-${organizationId.slice(0, 8)}`;
  await db.insert(s.organizations).values({ id: organizationId, slug, name });
  await db.insert(s.organizationSettings).values({ organizationId });
  const tenantIds: [string, string] = [randomUUID(), randomUUID()];
  await db.insert(s.tenants).values(tenantIds.map((id, i) => ({ id, organizationId, slug: `t${i}`, name: `Tenant ${i + 1}` })));
  const projectIds: [string, string] = [randomUUID(), randomUUID()];
  await db.insert(s.projects).values(projectIds.map((id, i) => ({ id, organizationId, tenantId: tenantIds[i], slug: `p${i}`, name: `Project ${i + 1}` })));
  const appIds: [string, string] = [randomUUID(), randomUUID()];
  await db
    .insert(s.apps)
    .values(appIds.map((id, i) => ({ id, organizationId, tenantId: tenantIds[0], projectId: projectIds[0], slug: `a${i}`, name: `App ${i + 1}` })));
  const roleIds: Record<string, string> = {};
  for (const role of DEFAULT_ROLES) {
    const id = randomUUID();
    roleIds[role.key] = id;
    await db.insert(s.roles).values({ id, organizationId, ...role });
  }
  return { organizationId, tenantIds, projectIds, appIds, roleIds };
}

export async function createUser(db: Db, label = "user"): Promise<{ id: string; email: string }> {
  const id = randomUUID();
  const email = `${label}-${id.slice(0, 8)}@example.test`;
  await db.insert(s.users).values({ id, email, name: label });
  return { id, email };
}

export async function addMember(db: Db, org: TestOrg, userId: string, role: string, tenantId: string | null = null) {
  const roleId = org.roleIds[role];
  if (!roleId) throw new Error(`unknown role ${role}`);
  await db.insert(s.memberships).values({ userId, organizationId: org.organizationId, tenantId, roleId });
}

/**
 * An export row of one of the organization's tenants (a one-month jobs CSV, pending unless `values` says
 * otherwise), for tests that need exports to exist without running them. Returns its id.
 */
export async function insertTestExport(
  db: Db,
  org: TestOrg,
  requestedBy: string,
  values: Partial<typeof s.exports.$inferInsert> & { tenant?: number } = {},
): Promise<string> {
  const { tenant = 0, ...rest } = values;
  const id = rest.id ?? randomUUID();
  await db.insert(s.exports).values({
    id,
    organizationId: org.organizationId,
    tenantId: org.tenantIds[tenant] ?? org.tenantIds[0],
    requestedBy,
    scope: { type: "tenant" },
    scopeLabel: "Tenant",
    realm: "jobs",
    fields: ["job_id"],
    dateFrom: "2024-01-01",
    dateTo: "2024-01-31",
    timezone: "UTC",
    format: "csv",
    ...rest,
  });
  return id;
}

/** A valid export request body for the API and the form's actions: one tenant, jobs, March 2024, CSV; `over` replaces fields. */
export function exportRequestBody(tenantId: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  return { tenantId, scope: { type: "tenant" }, realm: "jobs", from: "2024-03-01", to: "2024-03-31", timezone: "UTC", format: "csv", ...over };
}

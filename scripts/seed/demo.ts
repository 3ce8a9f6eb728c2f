import type { Db, Sql } from "../../db/client";
import * as s from "../../db/schema";
import { DEFAULT_ROLES } from "../../lib/permissions/roles";
import { DEMO_APPS_PER_PROJECT, DEMO_ORGANIZATIONS, DEMO_USERS, slugify } from "./demo-data";
import { stableUuid } from "./ids";
import { seedDemoStudy } from "./studies";
import { seedWarehouse, type SeedApp } from "./warehouse";

export interface SeedResult {
  created: boolean;
  warehouseRows: number;
}

/**
 * Seeds the demo organizations, users and warehouse rows. Idempotent: every insert is keyed by a
 * stable id, and warehouse rows are only generated when the demo organizations have none yet.
 */
export async function seedDemo(db: Db, sql: Sql, opts: { rowsPerRealm: number }): Promise<SeedResult> {
  const apps: SeedApp[] = [];
  let created = false;
  await db.transaction(async (tx) => {
    for (const org of DEMO_ORGANIZATIONS) {
      const organizationId = stableUuid(`org:${org.slug}`);
      const inserted = await tx
        .insert(s.organizations)
        .values({ id: organizationId, slug: org.slug, name: org.name })
        .onConflictDoNothing()
        .returning({ id: s.organizations.id });
      created ||= inserted.length > 0;
      await tx.insert(s.organizationSettings).values({ organizationId }).onConflictDoNothing();
      for (const role of DEFAULT_ROLES) {
        await tx
          .insert(s.roles)
          .values({ id: stableUuid(`role:${org.slug}:${role.key}`), organizationId, ...role })
          .onConflictDoNothing();
      }
      for (const tenant of org.tenants) {
        const tenantId = stableUuid(`tenant:${org.slug}:${tenant.slug}`);
        await tx.insert(s.tenants).values({ id: tenantId, organizationId, slug: tenant.slug, name: tenant.name }).onConflictDoNothing();
        for (const projectName of tenant.projects) {
          const projectSlug = slugify(projectName);
          const projectId = stableUuid(`project:${org.slug}:${tenant.slug}:${projectSlug}`);
          await tx.insert(s.projects).values({ id: projectId, organizationId, tenantId, slug: projectSlug, name: projectName }).onConflictDoNothing();
          for (const appName of DEMO_APPS_PER_PROJECT) {
            const appSlug = slugify(appName);
            const appId = stableUuid(`app:${org.slug}:${tenant.slug}:${projectSlug}:${appSlug}`);
            await tx
              .insert(s.apps)
              .values({ id: appId, organizationId, tenantId, projectId, slug: appSlug, name: `${projectName} ${appName}` })
              .onConflictDoNothing();
            apps.push({ organizationId, tenantId, projectId, appId });
          }
        }
      }
    }
    for (const user of DEMO_USERS) {
      const userId = stableUuid(`user:${user.email}`);
      await tx
        .insert(s.users)
        .values({ id: userId, email: user.email, name: user.name, emailVerified: new Date("2024-01-01T00:00:00Z") })
        .onConflictDoNothing();
      await tx
        .insert(s.memberships)
        .values({
          id: stableUuid(`membership:${user.email}:${user.organization}:${user.tenant ?? "*"}`),
          userId,
          organizationId: stableUuid(`org:${user.organization}`),
          tenantId: user.tenant ? stableUuid(`tenant:${user.organization}:${user.tenant}`) : null,
          roleId: stableUuid(`role:${user.organization}:${user.role}`),
        })
        .onConflictDoNothing();
    }
  });

  const orgIds = DEMO_ORGANIZATIONS.map((o) => stableUuid(`org:${o.slug}`));
  const existing = await sql`select 1 from warehouse.jobs where organization_id = any(${orgIds}::uuid[]) limit 1`;
  if (existing.length > 0) {
    await seedDemoStudy(db, sql);
    return { created, warehouseRows: 0 };
  }
  // A lock so two processes starting at once do not both generate rows.
  await sql.begin(async (tx) => {
    await tx`select pg_advisory_xact_lock(hashtext('demo-warehouse-seed'))`;
    const again = await tx`select 1 from warehouse.jobs where organization_id = any(${orgIds}::uuid[]) limit 1`;
    if (again.length === 0) await seedWarehouse(tx as unknown as Sql, { apps, rowsPerRealm: opts.rowsPerRealm });
  });
  await sql`analyze warehouse.jobs`;
  await sql`analyze warehouse.events`;
  await sql`analyze warehouse.lab_results`;
  await seedDemoStudy(db, sql);
  return { created, warehouseRows: opts.rowsPerRealm * 3 };
}

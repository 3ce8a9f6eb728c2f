import { randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll } from "vitest";
import type { Engine } from "@portal/inngest-engine";
import { pointAppAtEngine, startTestEngine, uniqueSchema } from "@portal/inngest-engine/testing";
import { exports } from "@/db/schema";
import { seedWarehouse } from "@/scripts/seed/warehouse";
import { callRoute, type Answer, type RouteHandler } from "./api-calls";
import { ARCHIVE, APP_URL, tokenFor } from "./api-routes";
import { addMember, createOrg, createUser, testDb, type TestOrg } from "./factories";

/*
 * The world of the seed-API tests (the analytics export job and the GraphQL catalog): an organization with
 * an admin and an analyst of its first tenant, a second organization with its own admin, tokens, a little
 * warehouse data and the real job engine. Test files mock the cookie session themselves (vi.mock is
 * hoisted per file) and, where they sign someone in, set `session.user`.
 */
export interface SeedWorld {
  engine: Engine;
  org: TestOrg;
  foreign: TestOrg;
  admin: { id: string; email: string };
  analyst: { id: string; email: string };
  outsider: { id: string; email: string };
  /** Read and create, for the first tenant of org (admin). */
  token: string;
  /** Read and create, organization-wide (admin). */
  orgToken: string;
  /** Read and create, for the second tenant of org (admin). */
  otherTenantToken: string;
  /** The foreign organization's admin's token. */
  foreignToken: string;
  routes: { postJob: RouteHandler; getJob: RouteHandler; graphql: RouteHandler; graphqlGet: RouteHandler; v3Download: RouteHandler; schema: RouteHandler };
}

export function seedWorld(label: string) {
  let world: SeedWorld | undefined;
  const current = () => {
    if (!world) throw new Error("the seed-API world is built in beforeAll");
    return world;
  };

  beforeAll(async () => {
    const started = await startTestEngine(label, { schema: uniqueSchema(label) });
    pointAppAtEngine(started, { APP_URL });
    const [jobs, job, graphql, v3, schema] = await Promise.all([
      import("@/app/api/analytics-export-job/route"),
      import("@/app/api/analytics-export-job/[id]/route"),
      import("@/app/api/graphql/route"),
      import("@/app/api/v3/data/exports/[exportId]/route"),
      import("@/app/api/graphql/schema.graphql/route"),
    ]);
    const { db, sql } = testDb();
    const org = await createOrg(db, "Seed APIs");
    const foreign = await createOrg(db, "Seed APIs elsewhere");
    const admin = await createUser(db, "admin");
    const analyst = await createUser(db, "analyst");
    const outsider = await createUser(db, "outsider");
    await addMember(db, org, admin.id, "admin");
    await addMember(db, org, analyst.id, "analyst", org.tenantIds[0]);
    await addMember(db, foreign, outsider.id, "admin");
    // Seed 001 asks for every event up to the request time: an organization without a longest range allows that.
    await sql`update organization_settings set max_range_days = null where organization_id = ${org.organizationId}`;
    const scopes = ["data.exports.read", "data.exports.create"];
    await seedWarehouse(sql, {
      apps: [{ organizationId: org.organizationId, tenantId: org.tenantIds[0], projectId: org.projectIds[0], appId: org.appIds[0] }],
      rowsPerRealm: 50,
    });
    world = {
      engine: started.engine,
      org,
      foreign,
      admin,
      analyst,
      outsider,
      token: await tokenFor(admin.id, org, scopes),
      orgToken: await tokenFor(admin.id, org, scopes, null),
      otherTenantToken: await tokenFor(admin.id, org, scopes, org.tenantIds[1]),
      foreignToken: await tokenFor(outsider.id, foreign, scopes),
      routes: {
        postJob: (r) => jobs.POST(r),
        getJob: job.GET,
        graphql: (r) => graphql.POST(r),
        graphqlGet: (r) => graphql.GET(r),
        v3Download: (r, ctx) => v3.GET(r, { params: ctx.params.then((p) => ({ exportId: p.id })) }),
        schema: () => Promise.resolve(schema.GET()),
      },
    };
  });

  afterAll(async () => {
    await world?.engine.stop();
  });

  /** Sends a GraphQL document (and variables) as a client of the seed would: POST, JSON. */
  async function gql(query: string, token: string | undefined, variables?: Record<string, unknown>): Promise<Answer & { json: GqlAnswer }> {
    const answer = await callRoute(current().routes.graphql, { path: "/api/graphql", body: { query, ...(variables ? { variables } : {}) }, token });
    return { ...answer, json: JSON.parse(answer.text) as GqlAnswer };
  }

  return { world: current, gql };
}

export interface GqlAnswer {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/** Leaves an export as a finished run does: done, its archive stored, with a size, checksum and expiry. */
export async function finishExport(id: string, organizationId: string): Promise<void> {
  const { db } = testDb();
  const { exportStorage } = await import("@/app/_lib/export-deps");
  const storageKey = `${organizationId}/${id}.zip`;
  await exportStorage().put(storageKey, Readable.from([ARCHIVE]));
  await db
    .update(exports)
    .set({
      status: "done",
      storageKey,
      fileName: "events_tenant_2024-03-01_to_2024-03-31.zip",
      sizeBytes: ARCHIVE.length,
      sha256: "ab".repeat(32),
      rowCount: 10,
      rowsProcessed: 10,
      startedAt: new Date(Date.now() - 60_000),
      completedAt: new Date(),
      expiresAt: new Date(Date.now() + 86_400_000),
      updatedAt: new Date(),
    })
    .where(eq(exports.id, id));
}

/** Rows that a refused request must not have added: exports and audit events of both organizations. */
export async function writtenRows(w: SeedWorld): Promise<{ exports: number; audit: number }> {
  const { sql } = testDb();
  const ids = [w.org.organizationId, w.foreign.organizationId];
  const [row] = await sql<{ exports: number; audit: number }[]>`
    select (select count(*)::int from exports where organization_id in ${sql(ids)}) as exports,
           (select count(*)::int from audit_events where organization_id in ${sql(ids)}) as audit`;
  if (!row) throw new Error("no counts");
  return row;
}

export const uuid = () => randomUUID();

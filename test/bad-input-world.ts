import { afterAll, beforeAll, expect } from "vitest";
import { createApiToken } from "@/lib/api-tokens/service";
import { seedWarehouse } from "@/scripts/seed/warehouse";
import { callRoute, expectForPeople, expectProblemForPeople, type RouteHandler } from "./api-calls";
import { addMember, createOrg, createUser, exportRequestBody, testDb, type TestOrg } from "./factories";

/*
 * The world of the bad-input tests: two organizations, an admin signed in to the first (through the test
 * file's stand-in for the cookie session) with an API token, a little warehouse data, and the export
 * routes and server action. The test file keeps its own vi.mock of the session and request context,
 * since vi.mock is hoisted per file; it hands the session here so the admin can be signed in.
 */
export interface SessionStandIn {
  user: null | { id: string; email: string; name: string | null };
}

export interface BadInputWorld {
  org: TestOrg;
  foreign: TestOrg;
  token: string;
  routes: { create: RouteHandler; list: RouteHandler; estimate: RouteHandler; preview: RouteHandler };
  createExportAction: typeof import("@/app/(portal)/exports/actions").createExportAction;
}

export function badInputWorld(session: SessionStandIn) {
  const { db, sql } = testDb();
  let world: BadInputWorld | undefined;
  const current = (): BadInputWorld => {
    if (!world) throw new Error("the bad-input world is built in beforeAll; use it inside tests and hooks");
    return world;
  };
  const counts = async () => {
    const { org, foreign } = current();
    const [row] = await sql<{ exports: number; audit: number }[]>`
      select (select count(*)::int from exports where organization_id in (${org.organizationId}, ${foreign.organizationId})) as exports,
             (select count(*)::int from audit_events where organization_id in (${org.organizationId}, ${foreign.organizationId})) as audit`;
    return row;
  };
  let before: Awaited<ReturnType<typeof counts>>;

  beforeAll(async () => {
    // Nothing here may reach the job engine; if something did, it would fail loudly against this address.
    Object.assign(process.env, { INNGEST_BASE_URL: "http://127.0.0.1:9", INNGEST_EVENT_KEY: "test", INNGEST_SIGNING_KEY: "signkey-test-00", INNGEST_DEV: "0" });
    const [exportsRoute, estimateRoute, previewRoute, actions] = await Promise.all([
      import("@/app/api/v1/exports/route"),
      import("@/app/api/v1/exports/estimate/route"),
      import("@/app/api/v1/exports/preview/route"),
      import("@/app/(portal)/exports/actions"),
    ]);
    const org = await createOrg(db, "Bad input");
    const foreign = await createOrg(db, "Bad input elsewhere");
    const admin = await createUser(db, "admin");
    await addMember(db, org, admin.id, "admin");
    session.user = { id: admin.id, email: admin.email, name: "admin" };
    const token = (
      await createApiToken(
        db,
        { userId: admin.id, context: { ip: null, userAgent: null } },
        { organizationId: org.organizationId, tenantId: null, name: "bad input", scopes: ["data.exports.read", "data.exports.create"] },
      )
    ).token;
    await seedWarehouse(sql, {
      apps: [{ organizationId: org.organizationId, tenantId: org.tenantIds[0], projectId: org.projectIds[0], appId: org.appIds[0] }],
      rowsPerRealm: 50,
    });
    world = {
      org,
      foreign,
      token,
      routes: { create: exportsRoute.POST, list: exportsRoute.GET, estimate: estimateRoute.POST, preview: previewRoute.POST },
      createExportAction: actions.createExportAction,
    };
    before = await counts();
  });

  afterAll(async () => {
    // Nothing refused may leave an export or an audit event behind.
    expect(await counts()).toEqual(before);
  });

  const valid = (over: Record<string, unknown> = {}) => exportRequestBody(current().org.tenantIds[0], over);
  const filter = (f: Record<string, unknown>, over: Record<string, unknown> = {}) => valid({ filters: [f], ...over });

  /** Each request through estimate, preview and create (token), and through the form's server action (session). */
  async function everyDoor(body: Record<string, unknown>) {
    const { org, token, routes, createExportAction } = current();
    const answers = [];
    for (const [name, handler] of [
      ["estimate", routes.estimate],
      ["preview", routes.preview],
      ["create", routes.create],
    ] as const) {
      const answer = await callRoute(handler, { path: `/api/v1/exports/${name}`, body, token });
      answers.push({ door: name, ...expectProblemForPeople(answer, `${name} ${JSON.stringify(body).slice(0, 200)}`) });
    }
    const result = await createExportAction(org.organizationId, body);
    expect(result.ok).toBe(false);
    if (result.ok) throw new Error("the action accepted a bad request");
    expectForPeople(result.message, `action ${JSON.stringify(body).slice(0, 200)}`);
    answers.push({ door: "action", status: 422, code: result.code, detail: result.message, errors: result.fieldErrors });
    return answers;
  }

  return { world: current, valid, filter, everyDoor };
}

import { randomUUID } from "node:crypto";
import { sql as raw } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { ActionResult } from "@/lib/errors/action-result";
import { createApiToken } from "@/lib/api-tokens/service";
import { callRoute, expectActionRefusedForPeople, expectProblemForPeople, type Call, type RouteHandler } from "@/test/api-calls";
import { addMember, createOrg, createUser, exportRequestBody, insertTestExport, testDb, type TestOrg } from "@/test/factories";
import { BAD_DATES, BAD_FILTERS, BAD_IDS, BAD_RAW_BODIES, BAD_STRINGS, BAD_TIMEZONES, BAD_VALUES, pick, seededRandom } from "@/test/hostile-inputs";

/*
 * Hundreds of malformed and hostile inputs against the real route handlers and the real server actions,
 * on the real database and warehouse. Every answer must be a 4xx a person can act on, and nothing may be
 * written. (The domain functions behind the admin and token actions: lib/admin/fuzz.test.ts.)
 */
const session = vi.hoisted(() => ({ user: null as null | { id: string; email: string; name: string | null } }));
vi.mock("@/app/_lib/session", () => ({
  currentUser: async () => session.user,
  requireUser: async () => {
    if (!session.user) throw new Error("the test signed nobody in");
    return session.user;
  },
}));
vi.mock("@/app/_lib/request-context", async (original) => ({
  ...(await original<typeof import("@/app/_lib/request-context")>()),
  requestContext: async () => ({ ip: "203.0.113.10", userAgent: "fuzz" }),
}));

const SEED = Number(process.env.FUZZ_SEED ?? 20261201);
const random = seededRandom(SEED);
const { db } = testDb();
let org: TestOrg;
let foreign: TestOrg;
let admin: { id: string; email: string };
let token: string;
let foreignExportId: string;
type Handlers = Record<"create" | "list" | "estimate" | "preview" | "get" | "remove" | "cancel" | "resubmit" | "download", RouteHandler>;
let h: Handlers;
let actions: typeof import("@/app/(portal)/exports/actions");
let answered = 0;

/** Rows of this test's organizations and users only: other test files share the database. */
async function counts() {
  const orgs = [org.organizationId, foreign.organizationId];
  const [row] = await db.execute<{ exports: number; audit: number }>(raw`
    select (select count(*)::int from exports where organization_id in (${orgs[0]}, ${orgs[1]}) or requested_by = ${admin.id}) as exports,
           (select count(*)::int from audit_events where organization_id in (${orgs[0]}, ${orgs[1]}) or actor_user_id = ${admin.id}) as audit`);
  return row;
}
let before: Awaited<ReturnType<typeof counts>>;

beforeAll(async () => {
  // Nothing here may reach the job engine; if something did, it would fail against this address.
  Object.assign(process.env, { INNGEST_BASE_URL: "http://127.0.0.1:9", INNGEST_EVENT_KEY: "test", INNGEST_SIGNING_KEY: "signkey-test-00", INNGEST_DEV: "0" });
  const [list, estimate, preview, byId, cancel, resubmit, download] = await Promise.all([
    import("./exports/route"),
    import("./exports/estimate/route"),
    import("./exports/preview/route"),
    import("./exports/[id]/route"),
    import("./exports/[id]/cancel/route"),
    import("./exports/[id]/resubmit/route"),
    import("./exports/[id]/download/route"),
  ]);
  h = {
    create: list.POST,
    list: list.GET,
    estimate: estimate.POST,
    preview: preview.POST,
    get: byId.GET,
    remove: byId.DELETE,
    cancel: cancel.POST,
    resubmit: resubmit.POST,
    download: download.GET,
  };
  actions = await import("@/app/(portal)/exports/actions");
  org = await createOrg(db, "Fuzz");
  foreign = await createOrg(db, "Fuzz elsewhere");
  admin = await createUser(db, "fuzz-admin");
  await addMember(db, org, admin.id, "admin");
  session.user = { id: admin.id, email: admin.email, name: "fuzz" };
  token = (
    await createApiToken(
      db,
      { userId: admin.id, context: { ip: null, userAgent: null } },
      { organizationId: org.organizationId, tenantId: null, name: "fuzz", scopes: ["data.exports.read", "data.exports.create"] },
    )
  ).token;
  foreignExportId = randomUUID();
  const other = await createUser(db, "fuzz-other");
  await insertTestExport(db, foreign, other.id, { id: foreignExportId, status: "failed" });
  before = await counts();
  console.log(`fuzz seed ${SEED} (FUZZ_SEED=${SEED} replays this run)`);
});

afterAll(async () => {
  console.log(`fuzz: ${answered} malformed inputs answered`);
});

const valid = (over: Record<string, unknown> = {}) => exportRequestBody(org.tenantIds[0], over);

async function expectRefused(handler: RouteHandler, call: Call, what: string) {
  expectProblemForPeople(await callRoute(handler, call), what);
  answered++;
}

async function expectActionRefused(result: ActionResult<unknown>, what: string) {
  expectActionRefusedForPeople(result, what);
  answered++;
}

/** Bodies that are wrong in one field each (or in their filters), built from the hostile lists. */
function badBodies(): { what: string; body: unknown }[] {
  const out: { what: string; body: unknown }[] = [];
  const set = (field: string, value: unknown) => out.push({ what: `${field}=${JSON.stringify(value)?.slice(0, 60)}`, body: valid({ [field]: value }) });
  for (const field of ["tenantId", "realm", "format", "from", "to", "timezone"]) for (const v of pick(random, BAD_STRINGS, 8)) set(field, v);
  for (const field of ["tenantId", "scope", "realm", "fields", "filters", "from", "to", "timezone", "format", "options"]) {
    // No filters at all is a valid request.
    for (const v of pick(random, BAD_VALUES, 5)) if (!(field === "filters" && Array.isArray(v) && v.length === 0)) set(field, v);
  }
  // No parts (null) is a valid request; every other value of the list is wrong for parts or for one limit.
  for (const v of pick(random, BAD_VALUES, 6)) if (v !== null) set("parts", v);
  for (const limit of ["maxRows", "maxMegabytes"])
    for (const v of [...pick(random, BAD_VALUES, 6), ...pick(random, BAD_STRINGS, 3)])
      out.push({ what: `parts.${limit}=${JSON.stringify(v)?.slice(0, 60)}`, body: valid({ parts: { [limit]: v } }) });
  for (const v of BAD_DATES) set(random() < 0.5 ? "from" : "to", v);
  for (const v of BAD_TIMEZONES) set("timezone", v);
  for (const { realm, filter } of BAD_FILTERS)
    out.push({ what: `filter ${JSON.stringify(filter)?.slice(0, 80)}`, body: valid({ ...(realm ? { realm } : {}), filters: [filter] }) });
  for (const field of ["tenantId", "realm", "from", "to", "format"]) out.push({ what: `without ${field}`, body: { ...valid(), [field]: undefined } });
  out.push(
    { what: "an unknown key", body: valid({ timeZone: "UTC" }) },
    { what: "an unknown scope key", body: valid({ scope: { type: "tenant", projectId: org.projectIds[0] } }) },
    { what: "an unknown option", body: valid({ options: { csvBom: true, zip64: true } }) },
    { what: "an unknown parts key", body: valid({ parts: { maxRows: 5_000, maxFiles: 3 } }) },
    { what: "parts of an XLSX export", body: valid({ format: "xlsx", parts: { maxMegabytes: 10 } }) },
    { what: "21 filters", body: valid({ filters: Array.from({ length: 21 }, () => ({ field: "nodes", op: "eq", value: 1 })) }) },
    { what: "201 fields", body: valid({ fields: Array.from({ length: 201 }, () => "job_id") }) },
    { what: "a field twice", body: valid({ fields: ["job_id", "job_id"] }) },
    { what: "an end before the start", body: valid({ from: "2024-03-31", to: "2024-03-01" }) },
    { what: "a bad organizationId", body: valid({ organizationId: "acme" }) },
    { what: "a project of another tenant", body: valid({ scope: { type: "project", projectId: org.projectIds[1] } }) },
    { what: "101 apps", body: valid({ scope: { type: "apps", appIds: Array.from({ length: 101 }, () => randomUUID()) } }) },
  );
  return out;
}

describe(`fuzz (seed ${SEED})`, () => {
  it("refuses malformed export requests at POST /api/v1/exports, /estimate and /preview", async () => {
    const bodies = badBodies();
    expect(bodies.length).toBeGreaterThan(150);
    const doors = [
      ["create", "/api/v1/exports"],
      ["estimate", "/api/v1/exports/estimate"],
      ["preview", "/api/v1/exports/preview"],
    ] as const;
    for (const [i, { what, body }] of bodies.entries()) {
      // Each body through one door, token or session in turn, so all three doors see every kind of fault.
      const [door, path] = doors[i % doors.length] ?? doors[0];
      await expectRefused(h[door], { path, body: body, token: i % 2 ? token : undefined }, `${door} ${what}`);
    }
    for (const body of BAD_RAW_BODIES) {
      for (const [door, path] of doors) {
        await expectRefused(h[door], { path, body, token }, `${door} raw ${JSON.stringify(String(body)).slice(0, 40)}`);
      }
    }
  });

  it("refuses malformed query strings at GET /api/v1/exports", async () => {
    const tenant = org.tenantIds[0];
    const queries = [
      "",
      "tenantId=",
      "tenantid=" + tenant,
      "tenantId=%00",
      "tenantId=%E0%A4%A",
      "tenantId=" + tenant + "%00",
      ...pick(random, BAD_STRINGS, 12).map((v) => new URLSearchParams({ tenantId: v }).toString()),
      ...pick(random, BAD_STRINGS, 8).map((v) => new URLSearchParams({ tenantId: tenant, organizationId: v }).toString()),
      ...["0", "-1", "101", "1.5", "abc", "1e3", "NaN", "Infinity", "", "99999999999999999999"].map((v) =>
        new URLSearchParams({ tenantId: tenant, limit: v }).toString(),
      ),
      ...["yes", "TRUE", "2", "null", "\u0000"].map((v) => new URLSearchParams({ tenantId: tenant, onlyMine: v }).toString()),
      ...[
        "x",
        "%%%",
        Buffer.from("{}").toString("base64url"),
        Buffer.from('{"createdAt":"x","id":"y"}').toString("base64url"),
        "a".repeat(600),
        Buffer.from("\u0000").toString("base64url"),
      ].map((v) => new URLSearchParams({ tenantId: tenant, cursor: v }).toString()),
      `tenantId=${foreign.tenantIds[0]}`,
      `tenantId=${randomUUID()}`,
      `organizationId=${foreign.organizationId}&tenantId=${tenant}`,
    ];
    for (const [i, q] of queries.entries())
      await expectRefused(h.list, { path: `/api/v1/exports?${q}`, token: i % 2 ? token : undefined }, `list ?${q.slice(0, 80)}`);
  });

  it("refuses ids that name no export of the caller's at every id-addressed route", async () => {
    const ids = [...BAD_IDS, randomUUID(), randomUUID().toUpperCase(), foreignExportId];
    const routes = [
      ["get", "GET", ""],
      ["remove", "DELETE", ""],
      ["cancel", "POST", "/cancel"],
      ["resubmit", "POST", "/resubmit"],
      ["download", "GET", "/download"],
    ] as const;
    for (const id of ids) {
      for (const [name, method, suffix] of routes) {
        await expectRefused(
          h[name],
          { method, path: `/api/v1/exports/${encodeURIComponent(id)}${suffix}`, id, token: name === "download" ? token : undefined },
          `${name} ${JSON.stringify(id).slice(0, 40)}`,
        );
      }
    }
  });

  it("refuses malformed calls to the export actions", async () => {
    for (const { what, body } of pick(random, badBodies(), 60))
      await expectActionRefused(await actions.createExportAction(org.organizationId, body), `createExportAction ${what}`);
    for (const orgId of [...pick(random, BAD_STRINGS, 6), ...pick(random, BAD_VALUES, 4), foreign.organizationId, randomUUID()]) {
      await expectActionRefused(await actions.createExportAction(orgId, valid()), `createExportAction organization ${JSON.stringify(orgId)?.slice(0, 40)}`);
    }
    const refs = [
      ...pick(random, BAD_VALUES, 6),
      ...pick(random, BAD_STRINGS, 4),
      { organizationId: org.organizationId, tenantId: org.tenantIds[0] },
      { organizationId: org.organizationId, tenantId: org.tenantIds[0], id: "x" },
      { organizationId: org.organizationId, tenantId: org.tenantIds[0], id: foreignExportId },
      { organizationId: foreign.organizationId, tenantId: foreign.tenantIds[0], id: foreignExportId },
      { organizationId: org.organizationId, tenantId: org.tenantIds[0], id: randomUUID(), extra: "\u0000" },
    ];
    for (const ref of refs) {
      const label = JSON.stringify(ref)?.slice(0, 60);
      await expectActionRefused(await actions.cancelExportAction(ref), `cancelExportAction ${label}`);
      await expectActionRefused(await actions.deleteExportAction(ref), `deleteExportAction ${label}`);
      await expectActionRefused(await actions.resubmitExportAction(ref), `resubmitExportAction ${label}`);
    }
  });

  it("answered at least 300 malformed inputs and wrote nothing", async () => {
    expect(answered).toBeGreaterThanOrEqual(300);
    expect(await counts()).toEqual(before);
  });
});

import { beforeAll, describe, expect, it, vi } from "vitest";
import { seedWarehouse } from "@/scripts/seed/warehouse";
import { createApiToken } from "@/lib/api-tokens/service";
import { callRoute, type RouteHandler } from "@/test/api-calls";
import { addMember, createOrg, createUser, testDb, type TestOrg } from "@/test/factories";
import { createStudy, type TestStudy } from "@/test/studies";
import { participantListSchema, studyDetailSchema, studyListSchema } from "./_lib/study-schemas";

/*
 * The study routes called as Next calls them, with real tokens against the real database: what a tenant's
 * reader sees, paging and search, and 404 for another tenant's study, cohort or participant.
 */
vi.mock("@/app/_lib/session", () => ({ currentUser: async () => null }));

const { db, sql } = testDb();
let org: TestOrg;
let study: TestStudy;
let elsewhere: TestStudy;
const tokens: Record<string, string> = {};
type Handler = (r: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
const routes: Record<string, Handler> = {};

/** A GET of one of the study routes with path parameters, answered as JSON. */
async function get(route: string, path: string, params: Record<string, string>, token = tokens.reader) {
  const handler = routes[route];
  if (!handler) throw new Error(`no route ${route}`);
  const wrapped: RouteHandler = (r) => handler(r, { params: Promise.resolve(params) });
  const answer = await callRoute(wrapped, { path, token });
  return { status: answer.status, body: JSON.parse(answer.text) as Record<string, unknown> };
}

beforeAll(async () => {
  org = await createOrg(db, "Studies API");
  for (const tenant of [0, 1] as const) {
    await seedWarehouse(sql, {
      apps: [{ organizationId: org.organizationId, tenantId: org.tenantIds[tenant], projectId: org.projectIds[tenant], appId: org.appIds[0] }],
      rowsPerRealm: 300,
    });
  }
  study = await createStudy(org, { members: 5, others: 2, name: "Sleep" });
  elsewhere = await createStudy(org, { tenant: 1, members: 2, others: 0, name: "Other tenant's" });
  const make = async (key: string, role: string, scopes: string[]) => {
    const user = await createUser(db, key);
    await addMember(db, org, user.id, role, org.tenantIds[0]);
    tokens[key] = (
      await createApiToken(
        db,
        { userId: user.id, context: { ip: null, userAgent: null } },
        { organizationId: org.organizationId, tenantId: org.tenantIds[0], name: key, scopes },
      )
    ).token;
  };
  await make("reader", "analyst", ["data.exports.read", "data.exports.create", "studies.read"]);
  await make("noStudies", "analyst", ["data.exports.read", "data.exports.create"]);
  routes.list = (await import("./studies/route")).GET;
  routes.study = (await import("./studies/[studyId]/route")).GET as Handler;
  routes.cohort = (await import("./studies/[studyId]/cohorts/[cohortId]/route")).GET as Handler;
  routes.members = (await import("./studies/[studyId]/cohorts/[cohortId]/participants/route")).GET as Handler;
  routes.participant = (await import("./studies/[studyId]/participants/[participantId]/route")).GET as Handler;
  routes.exports = (await import("./exports/route")).POST;
}, 120_000);

describe("the study routes", () => {
  it("list the tenant's studies and show one with its cohorts", async () => {
    const list = await get("list", `/api/v1/studies?tenantId=${org.tenantIds[0]}`, {});
    expect(list.status).toBe(200);
    expect(studyListSchema.parse(list.body).items.map((s) => s.name)).toEqual(["Sleep"]);
    const one = await get("study", `/api/v1/studies/${study.studyId}`, { studyId: study.studyId });
    expect(studyDetailSchema.parse(one.body).cohorts).toEqual([
      { id: study.cohortId, studyId: study.studyId, name: "Baseline", description: null, members: 5 },
    ]);
  });

  it("page a cohort's members by participant id and search them", async () => {
    const path = `/api/v1/studies/${study.studyId}/cohorts/${study.cohortId}/participants`;
    const params = { studyId: study.studyId, cohortId: study.cohortId };
    const first = participantListSchema.parse((await get("members", `${path}?limit=3`, params)).body);
    const second = participantListSchema.parse((await get("members", `${path}?limit=3&cursor=${first.nextCursor ?? ""}`, params)).body);
    expect([...first.items, ...second.items].map((p) => p.participantId)).toEqual(study.members.map((m) => m.code));
    expect(second.nextCursor).toBeNull();
    expect(first.items[0]?.deviceIds).toEqual(study.members[0]?.deviceIds);
    const code = study.members[3]?.code ?? "";
    const found = participantListSchema.parse((await get("members", `${path}?q=${code.slice(-3)}`, params)).body);
    expect(found.items.map((p) => p.participantId)).toContain(code);
    expect(found.items.every((p) => p.participantId.includes(code.slice(-3)))).toBe(true);
    const stale = await get("members", `${path}?cursor=garbage`, params);
    expect(stale).toMatchObject({ status: 422, body: { detail: "The page cursor is not valid; start again from the first page." } });
  });

  it("answer 404 for another tenant's study, cohort and participant, and without studies.read", async () => {
    const other = { studyId: elsewhere.studyId, cohortId: elsewhere.cohortId };
    expect(await get("study", `/api/v1/studies/${other.studyId}`, { studyId: other.studyId })).toMatchObject({
      status: 404,
      body: { detail: "Study not found" },
    });
    expect(await get("cohort", `/api/v1/studies/${other.studyId}/cohorts/${other.cohortId}`, other)).toMatchObject({
      status: 404,
      body: { detail: "Cohort not found" },
    });
    // A cohort of the reader's own study named under another study's id is no more found.
    expect(await get("cohort", "/x", { studyId: other.studyId, cohortId: study.cohortId })).toMatchObject({ status: 404 });
    const someone = elsewhere.members[0]?.id ?? "";
    expect(await get("participant", "/x", { studyId: other.studyId, participantId: someone })).toMatchObject({
      status: 404,
      body: { detail: "Participant not found" },
    });
    expect(await get("cohort", "/x", { studyId: study.studyId, cohortId: study.cohortId }, tokens.noStudies)).toMatchObject({ status: 404 });
    expect(await get("cohort", "/x", { studyId: study.studyId, cohortId: study.cohortId })).toMatchObject({ status: 200, body: { name: "Baseline" } });
  });

  it("POST /api/v1/exports: another tenant's cohort is 404; identified data for a de-identified-only role is 422", async () => {
    const post = async (scope: Record<string, unknown>) => {
      const handler = routes.exports;
      if (!handler) throw new Error("no exports route");
      const body = { tenantId: org.tenantIds[0], scope, realm: "events", from: "2024-01-01", to: "2024-12-31", format: "csv" };
      const answer = await callRoute((r) => handler(r, { params: Promise.resolve({}) }), {
        method: "POST",
        path: "/api/v1/exports",
        body,
        token: tokens.reader,
      });
      return { status: answer.status, body: JSON.parse(answer.text) as Record<string, unknown> };
    };
    expect(await post({ type: "cohort", studyId: elsewhere.studyId, cohortId: elsewhere.cohortId })).toMatchObject({
      status: 404,
      body: { detail: "Study not found" },
    });
    expect(await post({ type: "cohort", studyId: study.studyId, cohortId: study.cohortId, deidentified: false })).toMatchObject({
      status: 422,
      body: { errors: { "scope.deidentified": "Your role may export study data de-identified only. Leave de-identification on, or ask an admin." } },
    });
  });
});

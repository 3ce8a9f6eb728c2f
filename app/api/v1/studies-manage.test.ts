import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import * as s from "@/db/schema";
import { seedWarehouse } from "@/scripts/seed/warehouse";
import { createApiToken } from "@/lib/api-tokens/service";
import { callRoute, expectForPeople } from "@/test/api-calls";
import { addMember, createOrg, createUser, testDb, type TestOrg } from "@/test/factories";
import { createStudy, type TestStudy } from "@/test/studies";
import { cohortSchema, studyDetailSchema } from "./_lib/study-schemas";

/*
 * The study write routes called as Next calls them, against the real database: a token needs the
 * studies.manage scope, a cookie request the portal's origin; what is written is read back.
 */
let signedIn: { id: string; email: string } | null = null;
vi.mock("@/app/_lib/session", () => ({ currentUser: async () => signedIn }));

const { db, sql } = testDb();
let org: TestOrg;
let study: TestStudy;
let elsewhere: TestStudy;
let admin: { id: string; email: string };
const tokens: Record<string, string> = {};
type Handler = (r: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
const routes: Record<string, Handler> = {};

async function call(route: string, method: string, params: Record<string, string>, body?: unknown, token: string | null = tokens.manager ?? null, query = "") {
  const handler = routes[`${method} ${route}`];
  if (!handler) throw new Error(`no route ${method} ${route}`);
  const answer = await callRoute((r) => handler(r, { params: Promise.resolve(params) }), {
    method,
    path: `/api/v1/x${query}`,
    body,
    token: token ?? undefined,
  });
  return { status: answer.status, body: (answer.text ? JSON.parse(answer.text) : null) as Record<string, unknown> };
}

beforeAll(async () => {
  process.env.APP_URL = "http://localhost:3000";
  org = await createOrg(db, "Studies writes");
  await seedWarehouse(sql, {
    apps: [{ organizationId: org.organizationId, tenantId: org.tenantIds[0], projectId: org.projectIds[0], appId: org.appIds[0] }],
    rowsPerRealm: 100,
  });
  study = await createStudy(org, { members: 2, others: 1, name: "Sleep" });
  elsewhere = await createStudy(org, { tenant: 1, members: 0, others: 0, name: "Other tenant's" });
  admin = await createUser(db, "admin");
  await addMember(db, org, admin.id, "admin");
  const token = async (scopes: string[]) =>
    (
      await createApiToken(
        db,
        { userId: admin.id, context: { ip: null, userAgent: null } },
        { organizationId: org.organizationId, tenantId: org.tenantIds[0], name: scopes.join(" "), scopes },
      )
    ).token;
  tokens.manager = await token(["studies.read", "studies.manage"]);
  tokens.reader = await token(["studies.read"]);
  const load = async (route: string, file: Promise<Record<string, unknown>>) => {
    for (const [method, handler] of Object.entries(await file)) if (typeof handler === "function") routes[`${method} ${route}`] = handler as Handler;
  };
  await load("studies", import("./studies/route"));
  await load("study", import("./studies/[studyId]/route"));
  await load("cohorts", import("./studies/[studyId]/cohorts/route"));
  await load("cohort", import("./studies/[studyId]/cohorts/[cohortId]/route"));
  await load("members", import("./studies/[studyId]/cohorts/[cohortId]/members/route"));
}, 120_000);

describe("defining studies and cohorts through the API", () => {
  it("creates a study, sets its profile, adds, renames and deletes a cohort; each reads back", async () => {
    const made = await call("studies", "POST", {}, { tenantId: org.tenantIds[0], name: "Diet", projectId: org.projectIds[0], description: "Meals" });
    expect(made.status).toBe(201);
    const created = studyDetailSchema.parse(made.body);
    expect(created).toMatchObject({ name: "Diet", projectName: "Project 1", description: "Meals", deidentified: false, deidentification: null, cohorts: [] });
    const profile = { hashParticipantIds: true, shiftDates: false, dropFreeText: true };
    const patched = await call("study", "PATCH", { studyId: created.id }, { name: "Diet and sleep", deidentification: profile });
    expect(patched.status).toBe(200);
    const read = await call("study", "GET", { studyId: created.id });
    expect(read.body).toMatchObject({ name: "Diet and sleep", deidentified: true, deidentification: profile });

    const cohort = await call("cohorts", "POST", { studyId: created.id }, { name: "Week 1" });
    expect(cohort.status).toBe(201);
    const { id: cohortId } = cohortSchema.parse(cohort.body);
    expect((await call("cohort", "PATCH", { studyId: created.id, cohortId }, { name: "Week 2" })).body).toMatchObject({ name: "Week 2", members: 0 });
    expect((await call("cohort", "GET", { studyId: created.id, cohortId })).body).toMatchObject({ name: "Week 2" });
    expect((await call("cohort", "DELETE", { studyId: created.id, cohortId })).status).toBe(204);
    expect((await call("cohort", "GET", { studyId: created.id, cohortId })).status).toBe(404);
  });

  it("replaces a member list; unknown ids are listed back unless left out; a cohort with members is deleted only with confirm", async () => {
    const ref = { studyId: study.studyId, cohortId: study.cohortId };
    const [newcomer] = study.others;
    const refused = await call("members", "PUT", ref, { participantIds: [newcomer?.code, "P-NOPE"] });
    expect(refused).toMatchObject({ status: 422, body: { detail: "1 id is not participants of this study: P-NOPE." } });
    const saved = await call("members", "PUT", ref, { participantIds: [newcomer?.code, "P-NOPE"], leaveOutUnknown: true });
    expect(saved).toMatchObject({ status: 200, body: { added: 1, removed: 2, members: 1, leftOut: ["P-NOPE"] } });
    expect((await call("cohort", "GET", ref)).body).toMatchObject({ members: 1 });
    const kept = await call("cohort", "DELETE", ref);
    expect(kept).toMatchObject({
      status: 409,
      body: { detail: "Cohort Baseline has 1 member; deleting it deletes its member list too. Confirm to delete it anyway." },
    });
    expect((await call("cohort", "GET", ref)).status).toBe(200);
    expect((await call("cohort", "DELETE", ref, undefined, tokens.manager ?? null, "?confirm=true")).status).toBe(204);
    expect(await db.select().from(s.cohorts).where(eq(s.cohorts.id, study.cohortId))).toEqual([]);
  });

  it("refuses bad input with sentences a person can act on, never field paths", async () => {
    const duplicate = await call("studies", "POST", {}, { tenantId: org.tenantIds[0], name: "Sleep" });
    expect(duplicate).toMatchObject({ status: 409, body: { detail: 'This tenant already has a study named "Sleep". Choose another name.' } });
    const foreignProject = await call("studies", "POST", {}, { tenantId: org.tenantIds[0], name: "New", projectId: org.projectIds[1] });
    expect(foreignProject.status).toBe(422);
    expect(foreignProject.body.detail).toBe(
      "That project is not one of this tenant's projects. Choose one of the tenant's projects, or leave the project out.",
    );
    const bodies: [string, string, Record<string, string>, unknown][] = [
      ["studies", "POST", {}, { name: "No tenant" }],
      ["studies", "POST", {}, "not json"],
      ["study", "PATCH", { studyId: study.studyId }, { deidentification: { hashParticipantIds: "yes", shiftDates: true, dropFreeText: true } }],
      ["study", "PATCH", { studyId: study.studyId }, {}],
      ["cohorts", "POST", { studyId: study.studyId }, { name: 12 }],
      ["members", "PUT", { studyId: study.studyId, cohortId: study.cohortId }, { participantIds: "P-1" }],
    ];
    for (const [route, method, params, body] of bodies) {
      const answer = await call(route, method, params, body);
      expect(answer.status, `${method} ${route} ${JSON.stringify(body)}`).toBe(422);
      expectForPeople(answer.body.detail, `${method} ${route}`);
    }
    expect((await call("study", "GET", { studyId: study.studyId })).body).toMatchObject({ name: "Sleep", deidentification: null });
  });

  it("another tenant's study is 404 like a made-up id; a token without studies.manage is 403; a cookie write needs the portal's origin", async () => {
    const made = "00000000-0000-4000-8000-000000000000";
    for (const studyId of [elsewhere.studyId, made]) {
      expect(await call("study", "PATCH", { studyId }, { name: "Taken over" })).toMatchObject({ status: 404, body: { detail: "Study not found" } });
      expect(await call("cohorts", "POST", { studyId }, { name: "Taken over" })).toMatchObject({ status: 404, body: { detail: "Study not found" } });
      expect(await call("cohort", "DELETE", { studyId, cohortId: elsewhere.cohortId })).toMatchObject({ status: 404, body: { detail: "Cohort not found" } });
    }
    expect(await call("study", "PATCH", { studyId: study.studyId }, { name: "Renamed" }, tokens.reader)).toMatchObject({
      status: 403,
      body: { detail: "This API token does not have the studies.manage scope. Create a token with it in the Developer tab." },
    });
    signedIn = admin;
    try {
      const cookie = await call("study", "PATCH", { studyId: study.studyId }, { name: "Renamed" }, null);
      expect(cookie.status).toBe(403);
      expect(String(cookie.body.detail)).toMatch(/Origin/);
    } finally {
      signedIn = null;
    }
    expect((await call("study", "GET", { studyId: study.studyId })).body).toMatchObject({ name: "Sleep" });
    const [other] = await db.select({ name: s.studies.name }).from(s.studies).where(eq(s.studies.id, elsewhere.studyId));
    expect(other?.name).toBe("Other tenant's");
  });
});

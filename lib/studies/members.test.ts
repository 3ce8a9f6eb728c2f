import { and, eq, isNull } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import * as s from "@/db/schema";
import { seedWarehouse } from "@/scripts/seed/warehouse";
import { addMember, createOrg, createUser, testDb, type TestOrg } from "@/test/factories";
import { createStudy, type TestStudy } from "@/test/studies";
import { checkMemberList, saveMemberList } from "./members";

const { db, sql } = testDb();
let org: TestOrg;
let study: TestStudy;
let admin: { id: string };
let analyst: { id: string };
const actor = (userId: string) => ({ userId, context: { ip: null, userAgent: null } });

beforeAll(async () => {
  org = await createOrg(db, "Members");
  await seedWarehouse(sql, {
    apps: [{ organizationId: org.organizationId, tenantId: org.tenantIds[0], projectId: org.projectIds[0], appId: org.appIds[0] }],
    rowsPerRealm: 200,
  });
  study = await createStudy(org, { members: 2, others: 3 });
  admin = await createUser(db, "admin");
  await addMember(db, org, admin.id, "admin");
  analyst = await createUser(db, "analyst");
  await addMember(db, org, analyst.id, "analyst", org.tenantIds[0]);
});

const current = async () =>
  (
    await db
      .select({ code: s.participants.code })
      .from(s.cohortMembers)
      .innerJoin(s.participants, eq(s.participants.id, s.cohortMembers.participantId))
      .where(and(eq(s.cohortMembers.cohortId, study.cohortId), isNull(s.cohortMembers.removedAt)))
  )
    .map((r) => r.code)
    .sort();

describe("a cohort's member list", () => {
  it("lists unknown ids back before saving, and saves only when told to leave them out", async () => {
    const q = { organizationId: org.organizationId, tenantId: org.tenantIds[0], studyId: study.studyId, cohortId: study.cohortId };
    const [a, b] = study.others.map((p) => p.code);
    const list = [a ?? "", " P-NOPE-1 ", b ?? "", a ?? "", "P-NOPE-2"];
    expect(await checkMemberList(db, actor(admin.id), q, list)).toEqual({ known: [a, b], unknown: ["P-NOPE-1", "P-NOPE-2"] });
    const before = await current();
    await expect(saveMemberList(db, actor(admin.id), q, list, false)).rejects.toMatchObject({
      status: 422,
      message: "2 ids are not participants of this study: P-NOPE-1, P-NOPE-2.",
    });
    expect(await current()).toEqual(before);
    expect(await saveMemberList(db, actor(admin.id), q, list, true)).toMatchObject({ added: 2, removed: 2, members: 2, leftOut: ["P-NOPE-1", "P-NOPE-2"] });
    expect(await current()).toEqual([a, b].sort());
    // Those removed keep their history: their rows are marked removed, not deleted.
    const history = await db.select().from(s.cohortMembers).where(eq(s.cohortMembers.cohortId, study.cohortId));
    expect(history.filter((m) => m.removedAt !== null)).toHaveLength(2);
  });

  it("is for studies.manage only; another tenant's cohort is not found", async () => {
    const q = { organizationId: org.organizationId, tenantId: org.tenantIds[0], studyId: study.studyId, cohortId: study.cohortId };
    await expect(checkMemberList(db, actor(analyst.id), q, ["x"])).rejects.toMatchObject({ status: 403 });
    await expect(checkMemberList(db, actor(admin.id), { ...q, tenantId: org.tenantIds[1] }, ["x"])).rejects.toMatchObject({
      status: 404,
      message: "Cohort not found",
    });
  });
});

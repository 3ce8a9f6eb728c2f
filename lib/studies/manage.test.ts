import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import * as s from "@/db/schema";
import { seedWarehouse } from "@/scripts/seed/warehouse";
import { addMember, createOrg, createUser, testDb, type TestOrg } from "@/test/factories";
import { createStudy as seedStudy, type TestStudy } from "@/test/studies";
import { createCohort, createStudy, deleteCohort, updateCohort, updateStudy } from "./manage";
import { saveMemberList } from "./members";
import { studyWithCohorts } from "./service";

/* Defining studies and cohorts against the real database: what is written is read back, and each refusal changes nothing. */

const { db, sql } = testDb();
let org: TestOrg;
let other: TestOrg;
let admin: { id: string };
let analyst: { id: string };
let outsider: { id: string };
let seeded: TestStudy;
const actor = (userId: string) => ({ userId, context: { ip: "127.0.0.1", userAgent: "vitest" } });
const tenant = () => ({ organizationId: org.organizationId, tenantId: org.tenantIds[0] });

const auditOf = async (action: string) =>
  db
    .select()
    .from(s.auditEvents)
    .where(and(eq(s.auditEvents.organizationId, org.organizationId), eq(s.auditEvents.action, action)));

beforeAll(async () => {
  org = await createOrg(db, "Manage studies");
  other = await createOrg(db, "Elsewhere");
  await seedWarehouse(sql, {
    apps: [{ organizationId: org.organizationId, tenantId: org.tenantIds[0], projectId: org.projectIds[0], appId: org.appIds[0] }],
    rowsPerRealm: 100,
  });
  admin = await createUser(db, "admin");
  await addMember(db, org, admin.id, "admin");
  analyst = await createUser(db, "analyst");
  await addMember(db, org, analyst.id, "analyst", org.tenantIds[0]);
  outsider = await createUser(db, "outsider");
  await addMember(db, other, outsider.id, "admin");
  seeded = await seedStudy(org, { members: 2, others: 1, name: "Seeded" });
}, 120_000);

describe("studies", () => {
  it("an admin creates a study in a project of the tenant, with its own secret; it reads back and is audited", async () => {
    const { id } = await createStudy(db, actor(admin.id), tenant(), { name: "  Sleep  ", projectId: org.projectIds[0], description: "Nights" });
    const { study, cohorts } = await studyWithCohorts(db, actor(admin.id), { ...tenant(), studyId: id });
    expect(study).toMatchObject({ name: "Sleep", projectId: org.projectIds[0], projectName: "Project 1", description: "Nights", deidentification: null });
    expect(cohorts).toEqual([]);
    const [row] = await db.select({ secret: s.studies.secret }).from(s.studies).where(eq(s.studies.id, id));
    expect(row?.secret).toMatch(/^[0-9a-f]{64}$/);
    expect((await auditOf("study.created")).map((e) => [e.actorUserId, e.tenantId, e.details])).toEqual([
      [admin.id, org.tenantIds[0], { studyId: id, name: "Sleep", projectId: org.projectIds[0] }],
    ]);
  });

  it("refuses a name the tenant already has (409), another tenant's project (422) and a blank name, in words", async () => {
    await expect(createStudy(db, actor(admin.id), tenant(), { name: "Sleep" })).rejects.toMatchObject({
      status: 409,
      message: 'This tenant already has a study named "Sleep". Choose another name.',
    });
    await expect(createStudy(db, actor(admin.id), tenant(), { name: "Elsewhere", projectId: org.projectIds[1] })).rejects.toMatchObject({
      status: 422,
      message: "That project is not one of this tenant's projects. Choose one of the tenant's projects, or leave the project out.",
    });
    await expect(createStudy(db, actor(admin.id), tenant(), { name: "  " })).rejects.toMatchObject({ status: 422, message: "Give the study a name." });
    await expect(createStudy(db, actor(admin.id), tenant(), { name: "X", colour: "red" })).rejects.toMatchObject({
      status: 422,
      message: 'The study has a field the portal does not know: "colour". Remove it or check the spelling.',
    });
    // The same name in the other tenant is another study.
    await expect(createStudy(db, actor(admin.id), { ...tenant(), tenantId: org.tenantIds[1] }, { name: "Sleep" })).resolves.toHaveProperty("id");
    const names = await db.select({ name: s.studies.name }).from(s.studies).where(eq(s.studies.tenantId, org.tenantIds[0]));
    expect(names.map((n) => n.name).sort()).toEqual(["Seeded", "Sleep"]);
  });

  it("renames a study and sets or clears its de-identification profile, audited with what changed", async () => {
    const q = { ...tenant(), studyId: seeded.studyId };
    const profile = { hashParticipantIds: false, shiftDates: false, dropFreeText: true };
    expect(await updateStudy(db, actor(admin.id), q, { name: "Seeded study", deidentification: profile })).toEqual({ changed: ["name", "deidentification"] });
    expect((await studyWithCohorts(db, actor(admin.id), q)).study).toMatchObject({ name: "Seeded study", deidentification: profile });
    const [event] = await auditOf("study.updated");
    expect(event?.details).toEqual({
      studyId: seeded.studyId,
      name: "Seeded study",
      from: { name: "Seeded", deidentification: null },
      to: { name: "Seeded study", deidentification: profile },
    });
    await expect(updateStudy(db, actor(admin.id), q, { name: "Sleep" })).rejects.toMatchObject({ status: 409 });
    await expect(
      updateStudy(db, actor(admin.id), q, { deidentification: { hashParticipantIds: false, shiftDates: false, dropFreeText: false } }),
    ).rejects.toMatchObject({
      status: 422,
      message: "Choose at least one thing to de-identify, or send null for identified exports.",
    });
    await updateStudy(db, actor(admin.id), q, { deidentification: null });
    expect((await studyWithCohorts(db, actor(admin.id), q)).study.deidentification).toBeNull();
  });

  it("is studies.manage only (403 in words); another tenant's or organization's study is 404 like a made-up one", async () => {
    const q = { ...tenant(), studyId: seeded.studyId };
    await expect(updateStudy(db, actor(analyst.id), q, { name: "Mine" })).rejects.toMatchObject({
      status: 403,
      message: "You don't have the studies.manage permission here. Ask an organization admin to define studies and cohorts.",
    });
    await expect(createStudy(db, actor(analyst.id), tenant(), { name: "Mine" })).rejects.toMatchObject({ status: 403 });
    const made = { ...tenant(), studyId: "00000000-0000-4000-8000-000000000000" };
    await expect(updateStudy(db, actor(admin.id), made, { name: "Mine" })).rejects.toMatchObject({ status: 404, message: "Study not found" });
    await expect(updateStudy(db, actor(admin.id), { ...q, tenantId: org.tenantIds[1] }, { name: "Mine" })).rejects.toMatchObject({
      status: 404,
      message: "Study not found",
    });
    await expect(updateStudy(db, actor(outsider.id), q, { name: "Mine" })).rejects.toMatchObject({ status: 404, message: "Study not found" });
    await expect(createCohort(db, actor(outsider.id), q, { name: "Mine" })).rejects.toMatchObject({ status: 404, message: "Study not found" });
    expect((await studyWithCohorts(db, actor(admin.id), q)).study.name).toBe("Seeded study");
  });
});

describe("cohorts", () => {
  it("adds and renames a cohort; a name the study has is a 409", async () => {
    const q = { ...tenant(), studyId: seeded.studyId };
    const { id } = await createCohort(db, actor(admin.id), q, { name: "Follow-up", description: "" });
    await expect(createCohort(db, actor(admin.id), q, { name: "Baseline" })).rejects.toMatchObject({
      status: 409,
      message: 'This study already has a cohort named "Baseline". Choose another name.',
    });
    await expect(updateCohort(db, actor(admin.id), { ...q, cohortId: id }, { name: "Baseline" })).rejects.toMatchObject({ status: 409 });
    expect(await updateCohort(db, actor(admin.id), { ...q, cohortId: id }, { name: "Week 12", description: "Third visit" })).toEqual({
      changed: ["name", "description"],
    });
    const { cohorts } = await studyWithCohorts(db, actor(admin.id), q);
    expect(cohorts.map((c) => [c.name, c.description, Number(c.members)])).toEqual([
      ["Baseline", null, 2],
      ["Week 12", "Third visit", 0],
    ]);
    expect((await auditOf("cohort.updated"))[0]?.details).toMatchObject({ from: { name: "Follow-up", description: null }, to: { name: "Week 12" } });
    // Another study's id with this cohort is no cohort at all.
    const elsewhere = await seedStudy(org, { tenant: 1, members: 0, others: 0 });
    await expect(
      updateCohort(db, actor(admin.id), { ...tenant(), tenantId: org.tenantIds[1], studyId: elsewhere.studyId, cohortId: id }, { name: "Moved" }),
    ).rejects.toMatchObject({ status: 404, message: "Cohort not found" });
  });

  it("deletes an empty cohort at once, and one with members only when confirmed", async () => {
    const q = { ...tenant(), studyId: seeded.studyId };
    const empty = await createCohort(db, actor(admin.id), q, { name: "Empty" });
    expect(await deleteCohort(db, actor(admin.id), { ...q, cohortId: empty.id }, false)).toEqual({ members: 0 });
    await expect(deleteCohort(db, actor(admin.id), { ...q, cohortId: seeded.cohortId }, false)).rejects.toMatchObject({
      status: 409,
      message: "Cohort Baseline has 2 members; deleting it deletes its member list too. Confirm to delete it anyway.",
    });
    await expect(deleteCohort(db, actor(analyst.id), { ...q, cohortId: seeded.cohortId }, true)).rejects.toMatchObject({ status: 403 });
    expect((await studyWithCohorts(db, actor(admin.id), q)).cohorts.map((c) => c.name)).toEqual(["Baseline", "Week 12"]);
    // The member list is saved (and audited) before the cohort goes.
    const codes = seeded.others.map((p) => p.code);
    await saveMemberList(db, actor(admin.id), { ...q, cohortId: seeded.cohortId }, codes, false);
    expect((await auditOf("cohort.members_replaced"))[0]?.details).toMatchObject({ cohortId: seeded.cohortId, added: 1, removed: 2, members: 1 });
    expect(await deleteCohort(db, actor(admin.id), { ...q, cohortId: seeded.cohortId }, true)).toEqual({ members: 1 });
    expect((await studyWithCohorts(db, actor(admin.id), q)).cohorts.map((c) => c.name)).toEqual(["Week 12"]);
    expect(await db.select().from(s.cohortMembers).where(eq(s.cohortMembers.cohortId, seeded.cohortId))).toEqual([]);
    expect((await auditOf("cohort.deleted")).map((e) => e.details)).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: "Empty", members: 0 }), expect.objectContaining({ name: "Baseline", members: 1 })]),
    );
  });
});

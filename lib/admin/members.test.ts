import { and, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import * as s from "@/db/schema";
import { addMember as addMembership, createOrg, createUser, testDb, type TestOrg } from "@/test/factories";
import { resolveAccess } from "../permissions/guard";
import type { Actor } from "../permissions/actor";
import { addMember, listMembers, removeMember, updateMember } from "./members";

const { db } = testDb();
const context = { ip: "203.0.113.9", userAgent: "vitest" };

let org: TestOrg;
let admin: Actor;
let orgPlace: { organizationId: string; tenantId: null };

beforeEach(async () => {
  org = await createOrg(db, "Members");
  const user = await createUser(db, "admin");
  await addMembership(db, org, user.id, "admin");
  admin = { userId: user.id, context };
  orgPlace = { organizationId: org.organizationId, tenantId: null };
});

async function membershipsOf(userId: string) {
  return db
    .select()
    .from(s.memberships)
    .where(and(eq(s.memberships.userId, userId), eq(s.memberships.organizationId, org.organizationId)));
}

async function auditOf(action: string) {
  return db
    .select()
    .from(s.auditEvents)
    .where(and(eq(s.auditEvents.organizationId, org.organizationId), eq(s.auditEvents.action, action)));
}

async function tenantManager(tenantIndex: 0 | 1 = 0): Promise<Actor> {
  const user = await createUser(db, "tenant-admin");
  await addMembership(db, org, user.id, "tenant-admin", org.tenantIds[tenantIndex]);
  return { userId: user.id, context };
}

describe("adding a member", () => {
  it("creates the user for a new address, the membership and its audit event; the person has access at once", async () => {
    const email = `New.Person-${Date.now()}@Example.test`;
    const result = await addMember(db, admin, orgPlace, { email, roleId: org.roleIds.analyst, tenantId: org.tenantIds[1] });
    expect(result.newUser).toBe(true);
    expect(result.email).toBe(email.toLowerCase());

    const access = await resolveAccess(db, { userId: result.userId, organizationId: org.organizationId, tenantId: org.tenantIds[1] });
    expect([...(access?.permissions ?? [])].sort()).toEqual(["data.exports.create", "data.exports.read", "studies.read"]);
    expect(await resolveAccess(db, { userId: result.userId, organizationId: org.organizationId, tenantId: org.tenantIds[0] })).toBeNull();

    const [event] = await auditOf("member.added");
    expect(event).toMatchObject({ actorUserId: admin.userId, tenantId: org.tenantIds[1], ipAddress: "203.0.113.9", userAgent: "vitest" });
    expect(event?.details).toMatchObject({ email: email.toLowerCase(), role: "analyst", newUser: true, membershipId: result.membershipId });

    const page = await listMembers(db, admin, orgPlace);
    expect(page.members.find((m) => m.email === email.toLowerCase())).toMatchObject({ roleName: "Analyst", tenantName: "Tenant 2" });
  });

  it("reuses an existing user and refuses a second membership at the same place", async () => {
    const person = await createUser(db, "existing");
    const first = await addMember(db, admin, orgPlace, { email: person.email.toUpperCase(), roleId: org.roleIds.viewer, tenantId: "" });
    expect(first).toMatchObject({ userId: person.id, newUser: false });
    await expect(addMember(db, admin, orgPlace, { email: person.email, roleId: org.roleIds.analyst, tenantId: "" })).rejects.toMatchObject({
      code: "conflict",
      fieldErrors: { email: expect.stringMatching(/already a member/) },
    });
    expect(await auditOf("member.added")).toHaveLength(1);
  });

  it("names the refused field", async () => {
    await expect(addMember(db, admin, orgPlace, { email: "not-an-email", roleId: org.roleIds.viewer, tenantId: null })).rejects.toMatchObject({
      code: "invalid",
      fieldErrors: { email: expect.stringMatching(/email address/) },
    });
  });

  it("treats another organization's role, tenant or organization as not found", async () => {
    const other = await createOrg(db, "Foreign");
    const email = `x-${Date.now()}@example.test`;
    await expect(addMember(db, admin, orgPlace, { email, roleId: other.roleIds.viewer, tenantId: null })).rejects.toMatchObject({ code: "not_found" });
    await expect(addMember(db, admin, orgPlace, { email, roleId: org.roleIds.viewer, tenantId: other.tenantIds[0] })).rejects.toMatchObject({
      code: "not_found",
    });
    const foreignPlace = { organizationId: other.organizationId, tenantId: null };
    await expect(addMember(db, admin, foreignPlace, { email, roleId: other.roleIds.viewer, tenantId: null })).rejects.toMatchObject({ code: "not_found" });
    await expect(listMembers(db, admin, foreignPlace)).rejects.toMatchObject({ code: "not_found", status: 404 });
  });
});

describe("the last organization admin", () => {
  it("cannot be removed or demoted, but can once another admin exists", async () => {
    const [own] = await membershipsOf(admin.userId);
    if (!own) throw new Error("admin membership missing");
    await expect(removeMember(db, admin, orgPlace, { membershipId: own.id })).rejects.toMatchObject({
      code: "conflict",
      message: expect.stringMatching(/last organization admin/),
    });
    await expect(updateMember(db, admin, orgPlace, { membershipId: own.id, roleId: org.roleIds.viewer, tenantId: null })).rejects.toMatchObject({
      code: "conflict",
    });
    // Moving the only admin into one tenant would leave nobody to manage the organization either.
    await expect(updateMember(db, admin, orgPlace, { membershipId: own.id, roleId: org.roleIds.admin, tenantId: org.tenantIds[0] })).rejects.toMatchObject({
      code: "conflict",
    });
    expect(await membershipsOf(admin.userId)).toHaveLength(1);

    const second = await addMember(db, admin, orgPlace, { email: `second-${Date.now()}@example.test`, roleId: org.roleIds.admin, tenantId: null });
    await updateMember(db, admin, orgPlace, { membershipId: own.id, roleId: org.roleIds.viewer, tenantId: null });
    const secondActor = { userId: second.userId, context };
    await removeMember(db, secondActor, orgPlace, { membershipId: own.id });
    expect(await membershipsOf(admin.userId)).toHaveLength(0);
    expect(await auditOf("member.updated")).toHaveLength(1);
    const [removed] = await auditOf("member.removed");
    expect(removed).toMatchObject({ actorUserId: second.userId, tenantId: null });
    expect(removed?.details).toMatchObject({ membershipId: own.id, userId: admin.userId, role: "viewer" });
  });

  it("two admins removing each other at the same moment leave one of them", async () => {
    const other = await addMember(db, admin, orgPlace, { email: `peer-${Date.now()}@example.test`, roleId: org.roleIds.admin, tenantId: null });
    const [own] = await membershipsOf(admin.userId);
    if (!own) throw new Error("admin membership missing");
    const results = await Promise.allSettled([
      removeMember(db, admin, orgPlace, { membershipId: other.membershipId }),
      removeMember(db, { userId: other.userId, context }, orgPlace, { membershipId: own.id }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const admins = await db
      .select()
      .from(s.memberships)
      .where(and(eq(s.memberships.organizationId, org.organizationId), eq(s.memberships.roleId, org.roleIds.admin)));
    expect(admins).toHaveLength(1);
  });
});

describe("a tenant-level manager", () => {
  it("manages memberships of their tenant only", async () => {
    const manager = await tenantManager(0);
    const place = { organizationId: org.organizationId, tenantId: org.tenantIds[0] };
    const added = await addMember(db, manager, place, { email: `t-${Date.now()}@example.test`, roleId: org.roleIds.analyst, tenantId: org.tenantIds[0] });
    await updateMember(db, manager, place, { membershipId: added.membershipId, roleId: org.roleIds.viewer, tenantId: org.tenantIds[0] });

    const page = await listMembers(db, manager, place);
    expect(page.organizationWide).toBe(false);
    expect(page.members.every((m) => m.tenantId === org.tenantIds[0])).toBe(true);
    expect(page.members.map((m) => m.userId)).not.toContain(admin.userId);
    expect(page.tenants.map((t) => t.id)).toEqual([org.tenantIds[0]]);

    // Another tenant of the organization is beyond their reach, as are organization-wide memberships.
    const elsewhere = { email: `e-${Date.now()}@example.test`, roleId: org.roleIds.analyst };
    await expect(addMember(db, manager, place, { ...elsewhere, tenantId: org.tenantIds[1] })).rejects.toMatchObject({ code: "not_found" });
    await expect(addMember(db, manager, place, { ...elsewhere, tenantId: null })).rejects.toMatchObject({
      code: "forbidden",
      fieldErrors: { tenantId: expect.stringMatching(/organization admins/) },
    });
    await expect(updateMember(db, manager, place, { membershipId: added.membershipId, roleId: org.roleIds.viewer, tenantId: null })).rejects.toMatchObject({
      code: "forbidden",
    });
    const [adminMembership] = await membershipsOf(admin.userId);
    await expect(removeMember(db, manager, place, { membershipId: adminMembership?.id })).rejects.toMatchObject({ code: "forbidden" });

    await removeMember(db, manager, place, { membershipId: added.membershipId });
    expect(await membershipsOf(added.userId)).toHaveLength(0);
  });

  it("cannot grant a role with rights beyond their own", async () => {
    // A tenant admin whose role lacks the lab-results realm may not hand out the Admin role, which has it.
    await db
      .update(s.roles)
      .set({ realms: ["jobs"] })
      .where(eq(s.roles.id, org.roleIds["tenant-admin"]));
    const manager = await tenantManager(0);
    const place = { organizationId: org.organizationId, tenantId: org.tenantIds[0] };
    await expect(
      addMember(db, manager, place, { email: `r-${Date.now()}@example.test`, roleId: org.roleIds.admin, tenantId: org.tenantIds[0] }),
    ).rejects.toMatchObject({
      code: "forbidden",
      fieldErrors: { roleId: expect.stringMatching(/rights you don't have/) },
    });
    const page = await listMembers(db, manager, place);
    expect(page.roles.map((r) => r.id)).not.toContain(org.roleIds.admin);
    expect(page.roles.map((r) => r.id)).toContain(org.roleIds.viewer);
  });

  it("a member without members.manage is refused; the organization-level pages need an organization admin", async () => {
    const analyst = await createUser(db, "analyst");
    await addMembership(db, org, analyst.id, "analyst", org.tenantIds[0]);
    const actor = { userId: analyst.id, context };
    await expect(listMembers(db, actor, { organizationId: org.organizationId, tenantId: org.tenantIds[0] })).rejects.toMatchObject({
      code: "forbidden",
      status: 403,
    });
    const manager = await tenantManager(0);
    await expect(listMembers(db, manager, orgPlace)).rejects.toMatchObject({ code: "forbidden", status: 403 });
  });
});

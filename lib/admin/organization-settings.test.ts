import { and, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { getUsageLimits } from "@/db/queries/organization-settings";
import * as s from "@/db/schema";
import { addMember as addMembership, createOrg, createUser, testDb, type TestOrg } from "@/test/factories";
import { recordAudit } from "../audit/record";
import { canExportRealm, resolveAccess } from "../permissions/guard";
import type { Actor } from "../permissions/actor";
import { listAuditLog } from "./audit-log";
import { LIMIT_KEYS, updateLimitsInput } from "./input";
import { getLimits, updateLimits } from "./limits";
import { addMember } from "./members";
import { listRoles, updateRole } from "./roles";

/* Roles, usage limits and the audit log: organization admins only. */

const { db } = testDb();
const CHROME = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
const context = { ip: "198.51.100.7", userAgent: CHROME };

let org: TestOrg;
let admin: Actor;
let place: { organizationId: string; tenantId: null };

beforeEach(async () => {
  org = await createOrg(db, "Settings");
  const user = await createUser(db, "admin");
  await addMembership(db, org, user.id, "admin");
  admin = { userId: user.id, context };
  place = { organizationId: org.organizationId, tenantId: null };
});

const validLimits = { maxRowsPerExport: "1,000,000", maxActiveExportsPerUser: "5", maxConcurrentExports: "2", retentionDays: "14", maxRangeDays: "90" };

describe("roles", () => {
  it("a realm change applies to every holder at once", async () => {
    const analyst = await createUser(db, "analyst");
    await addMembership(db, org, analyst.id, "analyst", org.tenantIds[0]);
    const q = { userId: analyst.id, organizationId: org.organizationId, tenantId: org.tenantIds[0] };
    expect(canExportRealm(await resolveAccess(db, q), "lab-results")).toBe(false);

    await updateRole(db, admin, place, {
      roleId: org.roleIds.analyst,
      permissions: ["data.exports.read", "data.exports.create"],
      realms: ["jobs", "lab-results"],
    });
    const after = await resolveAccess(db, q);
    expect(canExportRealm(after, "lab-results")).toBe(true);
    expect(canExportRealm(after, "events")).toBe(false);

    await updateRole(db, admin, place, { roleId: org.roleIds.analyst, permissions: ["data.exports.read"], realms: ["jobs", "lab-results"] });
    expect(canExportRealm(await resolveAccess(db, q), "jobs")).toBe(false);

    const roles = await listRoles(db, admin, place);
    expect(roles.find((r) => r.id === org.roleIds.analyst)).toMatchObject({
      permissions: ["data.exports.read"],
      realms: ["jobs", "lab-results"],
      memberCount: 1,
    });
    const events = await db
      .select()
      .from(s.auditEvents)
      .where(and(eq(s.auditEvents.organizationId, org.organizationId), eq(s.auditEvents.action, "role.updated")));
    expect(events).toHaveLength(2);
    expect(events[0]?.details).toMatchObject({ role: "analyst", from: { realms: ["jobs", "events"] }, to: { realms: ["jobs", "lab-results"] } });
  });

  it("the admin role keeps members.manage; unknown permissions and realms are refused by name", async () => {
    const all = { realms: ["jobs"], roleId: org.roleIds.admin };
    await expect(updateRole(db, admin, place, { ...all, permissions: ["data.exports.read"] })).rejects.toMatchObject({
      code: "invalid",
      fieldErrors: { permissions: expect.stringMatching(/members\.manage/) },
    });
    await expect(updateRole(db, admin, place, { ...all, permissions: ["members.manage", "root"] })).rejects.toMatchObject({
      fieldErrors: { permissions: expect.any(String) },
    });
    await expect(updateRole(db, admin, place, { ...all, permissions: ["members.manage"], realms: ["payroll"] })).rejects.toMatchObject({
      fieldErrors: { realms: expect.any(String) },
    });
    const roles = await listRoles(db, admin, place);
    expect(roles.find((r) => r.key === "admin")?.permissions).toContain("members.manage");
  });

  it("another role that is the only source of organization admins keeps members.manage too", async () => {
    // Make the only organization admin hold tenant-admin instead of admin: that role now guards the way in.
    const [membership] = await db.select().from(s.memberships).where(eq(s.memberships.userId, admin.userId));
    await db
      .update(s.memberships)
      .set({ roleId: org.roleIds["tenant-admin"] })
      .where(eq(s.memberships.id, membership?.id ?? ""));
    await expect(updateRole(db, admin, place, { roleId: org.roleIds["tenant-admin"], permissions: ["data.exports.read"], realms: [] })).rejects.toMatchObject({
      code: "conflict",
    });
  });

  it("is for organization admins only; another organization's role is not found", async () => {
    const manager = await createUser(db, "tenant-admin");
    await addMembership(db, org, manager.id, "tenant-admin", org.tenantIds[0]);
    const actor = { userId: manager.id, context };
    await expect(listRoles(db, actor, place)).rejects.toMatchObject({ code: "forbidden" });
    const other = await createOrg(db, "Foreign");
    await expect(updateRole(db, admin, place, { roleId: other.roleIds.analyst, permissions: [], realms: [] })).rejects.toMatchObject({ code: "not_found" });
    await expect(listRoles(db, admin, { organizationId: other.organizationId, tenantId: null })).rejects.toMatchObject({ code: "not_found" });
  });
});

describe("usage limits", () => {
  it("the form's fields (LIMIT_KEYS, which the action reads) are exactly the limits the schema requires", () => {
    expect([...LIMIT_KEYS].sort()).toEqual(Object.keys(updateLimitsInput.shape).sort());
    expect([...LIMIT_KEYS].sort()).toEqual(Object.keys(validLimits).sort());
  });

  it("saves valid limits with an audit event naming what changed", async () => {
    const result = await updateLimits(db, admin, place, validLimits);
    expect(result.changed).toBe(true);
    expect(await getUsageLimits(db, org.organizationId)).toMatchObject({
      maxRowsPerExport: 1_000_000,
      maxActiveExportsPerUser: 5,
      retentionDays: 14,
      maxRangeDays: 90,
      maxConcurrentExports: 2,
    });
    const [event] = await db
      .select()
      .from(s.auditEvents)
      .where(and(eq(s.auditEvents.organizationId, org.organizationId), eq(s.auditEvents.action, "settings.updated")));
    expect(event?.details).toEqual({
      maxRowsPerExport: { from: 50_000_000, to: 1_000_000 },
      maxActiveExportsPerUser: { from: 10, to: 5 },
      retentionDays: { from: 30, to: 14 },
      maxRangeDays: { from: 366, to: 90 },
    });
    expect((await updateLimits(db, admin, place, validLimits)).changed).toBe(false);
    expect(await getLimits(db, admin, place)).toMatchObject({ retentionDays: 14 });
  });

  it.each([
    ["maxRowsPerExport", "0", /Max rows per export must be between 1 and 10,000,000,000/],
    ["maxRowsPerExport", "10000000001", /Max rows per export/],
    ["maxActiveExportsPerUser", "1001", /Active exports per person must be between 1 and 1,000/],
    ["maxConcurrentExports", "0", /Exports running at once must be between 1 and 10/],
    ["retentionDays", "", /Retention must be a whole number/],
    ["retentionDays", "3651", /Retention must be between 1 and 3,650 days/],
    ["maxRangeDays", "1.5", /Max date range must be a whole number/],
    ["maxRangeDays", "abc", /Max date range/],
  ])("refuses %s = %j with a message naming the field", async (field, value, message) => {
    await expect(updateLimits(db, admin, place, { ...validLimits, [field]: value })).rejects.toMatchObject({
      code: "invalid",
      fieldErrors: { [field]: expect.stringMatching(message) },
    });
    expect(await getUsageLimits(db, org.organizationId)).toMatchObject({ retentionDays: 30 });
  });

  it("accepts the bounds themselves", async () => {
    await updateLimits(db, admin, place, {
      maxRowsPerExport: "10000000000",
      maxActiveExportsPerUser: "1000",
      maxConcurrentExports: "10",
      retentionDays: "3650",
      maxRangeDays: "3660",
    });
    expect(await getUsageLimits(db, org.organizationId)).toMatchObject({ maxRowsPerExport: 10_000_000_000, maxRangeDays: 3660, maxConcurrentExports: 10 });
  });

  it("saves no longest range from an empty field or the words, reads it back, and keeps the other limits required", async () => {
    expect(await getUsageLimits(db, org.organizationId)).toMatchObject({ maxRangeDays: 366 });
    for (const none of ["", "no limit", " None "]) {
      await updateLimits(db, admin, place, { ...validLimits, maxRangeDays: "90" });
      const saved = await updateLimits(db, admin, place, { ...validLimits, maxRangeDays: none });
      expect(saved).toMatchObject({ changed: true, limits: { maxRangeDays: null } });
      expect(await getUsageLimits(db, org.organizationId)).toMatchObject({ maxRangeDays: null, retentionDays: 14 });
    }
    await expect(updateLimits(db, admin, place, { ...validLimits, retentionDays: "" })).rejects.toMatchObject({
      fieldErrors: { retentionDays: expect.stringMatching(/Retention/) },
    });
    await expect(updateLimits(db, admin, place, { ...validLimits, maxRangeDays: "0" })).rejects.toMatchObject({
      fieldErrors: { maxRangeDays: "Max date range must be between 1 and 3,660 days" },
    });
  });
});

describe("audit log", () => {
  it("pages newest first without skipping events that share a millisecond, and filters by action", async () => {
    // Many events in one statement share created_at (now() is per transaction): only the id tells them apart.
    await db.transaction(async (tx) => {
      for (let i = 0; i < 60; i++) {
        await recordAudit(tx, {
          organizationId: org.organizationId,
          tenantId: org.tenantIds[0],
          actorUserId: admin.userId,
          action: "export.downloaded",
          bytesServed: i,
          context,
        });
      }
    });
    await addMember(db, admin, place, { email: `audited-${Date.now()}@example.test`, roleId: org.roleIds.viewer, tenantId: null });

    const first = await listAuditLog(db, admin, place, {});
    expect(first.items).toHaveLength(50);
    expect(first.items[0]).toMatchObject({ action: "member.added", ipAddress: "198.51.100.7", userAgent: CHROME, client: "Chrome 131 on Linux" });
    expect(first.nextCursor).not.toBeNull();
    const second = await listAuditLog(db, admin, place, { cursor: first.nextCursor });
    expect(second.items).toHaveLength(11);
    expect(second.nextCursor).toBeNull();
    const ids = new Set([...first.items, ...second.items].map((e) => e.id));
    expect(ids.size).toBe(61);
    expect(first.items[1]).toMatchObject({ actor: expect.stringContaining("admin-"), tenantName: "Tenant 1" });

    const filtered = await listAuditLog(db, admin, place, { action: "member.added" });
    expect(filtered.items.map((e) => e.action)).toEqual(["member.added"]);
    await expect(listAuditLog(db, admin, place, { action: "nope" })).rejects.toMatchObject({ fieldErrors: { action: expect.any(String) } });
    await expect(listAuditLog(db, admin, place, { cursor: "garbage" })).rejects.toMatchObject({
      fieldErrors: { cursor: "This page link is no longer valid; start again from the newest events" },
    });
  });

  it("shows one organization's events only", async () => {
    const other = await createOrg(db, "Foreign");
    await expect(listAuditLog(db, admin, { organizationId: other.organizationId, tenantId: null }, {})).rejects.toMatchObject({ code: "not_found" });
  });
});

import { beforeAll, describe, expect, it } from "vitest";
import { addMember, createOrg, createUser, testDb, type TestOrg } from "@/test/factories";
import { AppError } from "../errors/app-error";
import { canExportRealm, requireAccess, resolveAccess } from "./guard";
import { PERMISSIONS, type Permission } from "./roles";

const { db } = testDb();

// Expected permissions per role, written out here rather than read from DEFAULT_ROLES, so a change to the
// role table shows up as a failing test.
const EXPECTED: Record<string, Permission[]> = {
  admin: [
    "data.exports.read",
    "data.exports.create",
    "data.exports.manage",
    "members.manage",
    "tokens.manage",
    "studies.read",
    "studies.manage",
    "studies.identified",
  ],
  "tenant-admin": [
    "data.exports.read",
    "data.exports.create",
    "data.exports.manage",
    "members.manage",
    "tokens.manage",
    "studies.read",
    "studies.manage",
    "studies.identified",
  ],
  analyst: ["data.exports.read", "data.exports.create", "studies.read"],
  viewer: ["data.exports.read"],
};

let org: TestOrg;
let other: TestOrg;
const users: Record<string, { id: string }> = {};

beforeAll(async () => {
  org = await createOrg(db, "Guarded");
  other = await createOrg(db, "Foreign");
  for (const role of Object.keys(EXPECTED)) {
    // Organization-wide membership for admin and viewer; tenant-level for the tenant roles.
    users[role] = await createUser(db, role);
    const tenantLevel = role === "analyst" || role === "tenant-admin";
    await addMember(db, org, users[role].id, role, tenantLevel ? org.tenantIds[0] : null);
  }
});

describe("requireAccess: every role × permission in its own tenant", () => {
  for (const [role, allowed] of Object.entries(EXPECTED)) {
    for (const permission of PERMISSIONS) {
      const expected = allowed.includes(permission);
      it(`${role} ${expected ? "may" : "may not"} ${permission}`, async () => {
        const q = { userId: users[role].id, organizationId: org.organizationId, tenantId: org.tenantIds[0] };
        if (expected) {
          const access = await requireAccess(db, q, permission);
          expect(access.permissions.has(permission)).toBe(true);
        } else {
          await expect(requireAccess(db, q, permission)).rejects.toMatchObject({ code: "forbidden", status: 403 });
        }
      });
    }
  }
});

describe("tenant boundaries", () => {
  it("a tenant-level analyst has no access to the organization's other tenant (404, not 403)", async () => {
    const q = { userId: users.analyst.id, organizationId: org.organizationId, tenantId: org.tenantIds[1] };
    expect(await resolveAccess(db, q)).toBeNull();
    await expect(requireAccess(db, q, "data.exports.read")).rejects.toMatchObject({ code: "not_found", status: 404 });
  });

  it("an organization-wide admin reaches every tenant and is marked organization-wide", async () => {
    const access = await resolveAccess(db, { userId: users.admin.id, organizationId: org.organizationId, tenantId: org.tenantIds[1] });
    expect(access?.organizationWide).toBe(true);
    const analyst = await resolveAccess(db, { userId: users.analyst.id, organizationId: org.organizationId, tenantId: org.tenantIds[0] });
    expect(analyst?.organizationWide).toBe(false);
  });

  it("realm rights follow the role", async () => {
    const analyst = await resolveAccess(db, { userId: users.analyst.id, organizationId: org.organizationId, tenantId: org.tenantIds[0] });
    expect(canExportRealm(analyst, "jobs")).toBe(true);
    expect(canExportRealm(analyst, "lab-results")).toBe(false);
    const viewer = await resolveAccess(db, { userId: users.viewer.id, organizationId: org.organizationId, tenantId: org.tenantIds[0] });
    expect(canExportRealm(viewer, "jobs")).toBe(false);
  });
});

describe("foreign organizations", () => {
  it("an admin of one organization gets not_found for another organization and its tenants", async () => {
    for (const tenantId of [null, other.tenantIds[0]]) {
      const q = { userId: users.admin.id, organizationId: other.organizationId, tenantId };
      const error = await requireAccess(db, q, "data.exports.read").catch((e) => e);
      expect(error).toBeInstanceOf(AppError);
      expect(error).toMatchObject({ code: "not_found", status: 404 });
      expect(error.message).not.toContain("Foreign");
    }
  });

  it("a tenant id of another organization paired with one's own organization is not_found", async () => {
    const q = { userId: users.admin.id, organizationId: org.organizationId, tenantId: other.tenantIds[0] };
    await expect(requireAccess(db, q, "data.exports.read")).rejects.toMatchObject({ code: "not_found" });
  });

  it("a removed member loses access at once", async () => {
    const temp = await createUser(db, "temp");
    await addMember(db, org, temp.id, "analyst", org.tenantIds[0]);
    const q = { userId: temp.id, organizationId: org.organizationId, tenantId: org.tenantIds[0] };
    expect(await resolveAccess(db, q)).not.toBeNull();
    const { sql } = testDb();
    await sql`delete from memberships where user_id = ${temp.id}`;
    await expect(requireAccess(db, q, "data.exports.read")).rejects.toMatchObject({ code: "not_found" });
  });
});

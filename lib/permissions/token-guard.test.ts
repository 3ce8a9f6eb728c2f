import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { seedWarehouse } from "@/scripts/seed/warehouse";
import { addMember, createOrg, createUser, insertTestExport, testDb, type TestOrg } from "@/test/factories";
import { authorizeDownload } from "../downloads/authorize";
import { cancelExport, createExport, getTenantExport, listTenantExports, type ExportDeps } from "../export-requests/service";
import { requireAccess, resolveAccess, type TokenRestriction } from "./guard";
import type { Permission } from "./roles";

/* A request made with an API token may do what its owner may do now, within the token's organization, tenant and scopes. */

const { db, sql } = testDb();
const deps: ExportDeps = {
  db,
  warehouse: sql,
  events: { requested: async () => {}, cancelled: async () => {} },
  deleteFile: async () => {},
  fileExists: async () => true,
};

let org: TestOrg;
let other: TestOrg;
let admin: { id: string };
let analyst: { id: string };

function token(scopes: Permission[], tenantId: string | null = null, organizationId = org.organizationId): TokenRestriction {
  return { tokenId: randomUUID(), organizationId, tenantId, scopes: new Set(scopes) };
}
const asToken = (userId: string, restrict: TokenRestriction) => ({ userId, context: { ip: null, userAgent: "vitest", tokenId: restrict.tokenId }, restrict });
const request = () => ({ tenantId: org.tenantIds[0], scope: { type: "tenant" }, realm: "jobs", from: "2024-03-01", to: "2024-03-31", format: "csv" });

beforeAll(async () => {
  org = await createOrg(db, "Tokened");
  other = await createOrg(db, "Elsewhere");
  admin = await createUser(db, "admin");
  analyst = await createUser(db, "analyst");
  await addMember(db, org, admin.id, "admin");
  await addMember(db, other, admin.id, "admin");
  await addMember(db, org, analyst.id, "analyst", org.tenantIds[0]);
  await seedWarehouse(sql, {
    apps: [{ organizationId: org.organizationId, tenantId: org.tenantIds[0], projectId: org.projectIds[0], appId: org.appIds[0] }],
    rowsPerRealm: 500,
  });
});

describe("requireAccess with a token", () => {
  it("narrows permissions to the token's scopes", async () => {
    const q = { userId: admin.id, organizationId: org.organizationId, tenantId: org.tenantIds[0] };
    const access = await requireAccess(db, q, "data.exports.read", token(["data.exports.read"]));
    expect([...access.permissions]).toEqual(["data.exports.read"]);
    await expect(requireAccess(db, q, "data.exports.create", token(["data.exports.read"]))).rejects.toMatchObject({
      code: "forbidden",
      message: expect.stringMatching(/token.*data\.exports\.create scope/),
    });
  });

  it("a token for another organization is not found there, even though its owner is a member", async () => {
    const q = { userId: admin.id, organizationId: other.organizationId, tenantId: other.tenantIds[0] };
    expect(await resolveAccess(db, q)).not.toBeNull();
    expect(await resolveAccess(db, q, token(["data.exports.read"]))).toBeNull();
    await expect(requireAccess(db, q, "data.exports.read", token(["data.exports.read"]))).rejects.toMatchObject({ code: "not_found", status: 404 });
  });

  it("a tenant token is not found in the organization's other tenant, nor at organization level", async () => {
    const t = token(["data.exports.read"], org.tenantIds[0]);
    await expect(
      requireAccess(db, { userId: admin.id, organizationId: org.organizationId, tenantId: org.tenantIds[1] }, "data.exports.read", t),
    ).rejects.toMatchObject({ code: "not_found" });
    await expect(requireAccess(db, { userId: admin.id, organizationId: org.organizationId, tenantId: null }, "data.exports.read", t)).rejects.toMatchObject({
      code: "not_found",
    });
  });

  it("never exceeds the owner's current rights: a scope the owner lost is forbidden, a left membership not found", async () => {
    const t = token(["data.exports.read", "data.exports.create", "data.exports.manage"], org.tenantIds[0]);
    const q = { userId: analyst.id, organizationId: org.organizationId, tenantId: org.tenantIds[0] };
    await expect(requireAccess(db, q, "data.exports.manage", t)).rejects.toMatchObject({ code: "forbidden" });
    const temp = await createUser(db, "temp");
    await addMember(db, org, temp.id, "analyst", org.tenantIds[0]);
    const tq = { ...q, userId: temp.id };
    await requireAccess(db, tq, "data.exports.read", t);
    await sql`delete from memberships where user_id = ${temp.id}`;
    await expect(requireAccess(db, tq, "data.exports.read", t)).rejects.toMatchObject({ code: "not_found" });
  });

  it("a tenant token never counts as organization-wide, so organization-scope archives stay out of reach", async () => {
    const q = { userId: admin.id, organizationId: org.organizationId, tenantId: org.tenantIds[0] };
    expect((await resolveAccess(db, q, token(["data.exports.read"])))?.organizationWide).toBe(true);
    expect((await resolveAccess(db, q, token(["data.exports.read"], org.tenantIds[0])))?.organizationWide).toBe(false);
  });

  it("the owner's access read with the token is reused only for the same user and place, and still narrowed to the token", async () => {
    const here = { userId: analyst.id, organizationId: org.organizationId, tenantId: org.tenantIds[0] };
    const known = await resolveAccess(db, here);
    if (!known) throw new Error("the analyst has no access in their tenant");
    const t = token(["data.exports.read"], org.tenantIds[0]);
    expect([...((await resolveAccess(db, here, t, known))?.permissions ?? [])]).toEqual(["data.exports.read"]);
    // Another tenant, where the analyst has no membership: read there, not taken from the known access.
    const elsewhere = { ...here, tenantId: org.tenantIds[1] };
    expect(await resolveAccess(db, elsewhere, null, known)).toBeNull();
    await expect(requireAccess(db, elsewhere, "data.exports.read", null, known)).rejects.toMatchObject({ code: "not_found" });
    // Another user at the same place: their own rights, not the analyst's.
    const adminHere = { ...here, userId: admin.id };
    expect(await resolveAccess(db, adminHere, null, known)).toEqual(await resolveAccess(db, adminHere));
    // Outside the token's tenant it is not found before anything known is looked at.
    expect(await resolveAccess(db, { ...here, tenantId: org.tenantIds[1] }, t, { ...known, tenantId: org.tenantIds[1] })).toBeNull();
  });
});

describe("the export service honours the token", () => {
  it("a read-only token cannot create or cancel; a create token can; a foreign-organization token sees nothing", async () => {
    await expect(createExport(deps, asToken(admin.id, token(["data.exports.read"])), org.organizationId, request())).rejects.toMatchObject({
      code: "forbidden",
    });
    const row = await createExport(
      deps,
      asToken(admin.id, token(["data.exports.read", "data.exports.create"], org.tenantIds[0])),
      org.organizationId,
      request(),
    );
    const ref = { organizationId: org.organizationId, tenantId: org.tenantIds[0], id: row.id };

    await expect(cancelExport(deps, asToken(admin.id, token(["data.exports.read"])), ref)).rejects.toMatchObject({ code: "forbidden" });
    const foreign = token(["data.exports.read", "data.exports.create"], null, other.organizationId);
    await expect(getTenantExport(deps, asToken(admin.id, foreign), ref)).rejects.toMatchObject({ code: "not_found" });
    await expect(listTenantExports(deps, asToken(admin.id, foreign), { organizationId: org.organizationId, tenantId: org.tenantIds[0] })).rejects.toMatchObject(
      { code: "not_found" },
    );
    const otherTenant = token(["data.exports.read"], org.tenantIds[1]);
    await expect(getTenantExport(deps, asToken(admin.id, otherTenant), ref)).rejects.toMatchObject({ code: "not_found" });

    const { access } = await getTenantExport(deps, asToken(admin.id, token(["data.exports.read"], org.tenantIds[0])), ref);
    expect(access.permissions.has("data.exports.manage")).toBe(false);
    const cancelled = await cancelExport(deps, asToken(admin.id, token(["data.exports.read", "data.exports.create"])), ref);
    expect(cancelled.status).toBe("cancelled");
  });
});

describe("downloads with a token", () => {
  it("need the read scope and the export's organization and tenant; anything else is not found", async () => {
    const id = randomUUID();
    await insertTestExport(db, org, analyst.id, {
      id,
      scopeLabel: "Tenant 1",
      status: "done",
      storageKey: `${org.organizationId}/${id}.zip`,
      fileName: "jobs.zip",
      sizeBytes: 10,
      sha256: "ab".repeat(32),
      rowCount: 1,
      expiresAt: new Date(Date.now() + 86_400_000),
    });
    const now = new Date();
    expect((await authorizeDownload(db, admin.id, id, now, token(["data.exports.read"], org.tenantIds[0]))).kind).toBe("ready");
    expect((await authorizeDownload(db, admin.id, id, now, token(["data.exports.read"]))).kind).toBe("ready");
    for (const t of [
      token(["data.exports.create"]),
      token(["data.exports.read"], null, other.organizationId),
      token(["data.exports.read"], org.tenantIds[1]),
    ]) {
      await expect(authorizeDownload(db, admin.id, id, now, t)).rejects.toMatchObject({ code: "not_found" });
    }
  });
});

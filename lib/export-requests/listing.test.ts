import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { exports } from "@/db/schema";
import { resolveAccess } from "@/lib/permissions/guard";
import { addMember, createOrg, createUser, testDb, type TestOrg } from "@/test/factories";
import { listTenantExportsWithAccess } from "./listing";

const { db } = testDb();

let org: TestOrg;
let analyst: { id: string };
let viewerOfOther: { id: string };

beforeAll(async () => {
  org = await createOrg(db, "Listing");
  analyst = await createUser(db, "listing-analyst");
  viewerOfOther = await createUser(db, "listing-other");
  await addMember(db, org, analyst.id, "analyst", org.tenantIds[0]);
  await addMember(db, org, viewerOfOther.id, "analyst", org.tenantIds[1]);
  await db.insert(exports).values({
    organizationId: org.organizationId,
    tenantId: org.tenantIds[0],
    requestedBy: analyst.id,
    scope: { type: "tenant" },
    scopeLabel: "Tenant Tenant 1",
    realm: "jobs",
    fields: ["job_id"],
    dateFrom: "2024-03-01",
    dateTo: "2024-03-31",
    timezone: "UTC",
    format: "csv",
    status: "done",
    name: "Listed",
  });
});

const page = (userId: string, tenantId: string) => ({ userId, organizationId: org.organizationId, tenantId });
const accessOf = (userId: string, tenantId: string) => resolveAccess(db, page(userId, tenantId));

describe("listTenantExportsWithAccess (the Exports page, with the access its render resolved once)", () => {
  it("lists the tenant's exports for the person's own access there", async () => {
    const listed = await listTenantExportsWithAccess({ db }, await accessOf(analyst.id, org.tenantIds[0]), page(analyst.id, org.tenantIds[0]));
    expect(listed.items.map((r) => r.name)).toEqual(["Listed"]);
  });

  it("refuses access resolved for another tenant, another person or nobody, as a tenant that does not exist", async () => {
    const elsewhere = await accessOf(viewerOfOther.id, org.tenantIds[1]);
    expect(elsewhere).not.toBeNull();
    // Access to tenant 2 does not open tenant 1, nor does another person's access, nor none at all.
    const cases = [
      { access: elsewhere, q: page(viewerOfOther.id, org.tenantIds[0]) },
      { access: await accessOf(analyst.id, org.tenantIds[0]), q: page(viewerOfOther.id, org.tenantIds[0]) },
      { access: null, q: page(analyst.id, org.tenantIds[0]) },
      { access: await accessOf(analyst.id, org.tenantIds[0]), q: page(analyst.id, randomUUID()) },
    ];
    for (const { access, q } of cases)
      await expect(listTenantExportsWithAccess({ db }, access, q)).rejects.toMatchObject({ code: "not_found", message: "Tenant not found" });
  });

  it("refuses access without data.exports.read, naming the permission", async () => {
    const access = await accessOf(analyst.id, org.tenantIds[0]);
    if (!access) throw new Error("the analyst has access in tenant 1");
    const withoutRead = { ...access, permissions: new Set([...access.permissions].filter((p) => p !== "data.exports.read")) };
    await expect(listTenantExportsWithAccess({ db }, withoutRead, page(analyst.id, org.tenantIds[0]))).rejects.toMatchObject({
      code: "forbidden",
      message: expect.stringContaining("data.exports.read"),
    });
  });
});

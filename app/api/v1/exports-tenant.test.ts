import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { addMember, createOrg, createUser, testDb, type TestOrg } from "@/test/factories";
import { callId, insertExport, loadRoutes, tokenFor, type Routes } from "@/test/api-routes";
import { exportListSchema, problemSchema } from "./_lib/schemas";

/* Through the REST API, one tenant's member never sees another tenant's exports of the same organization. */
vi.mock("@/app/_lib/session", () => ({ currentUser: async () => null }));
vi.mock("@/auth", () => ({ auth: async () => null }));

const { db } = testDb();
let routes: Routes;
let org: TestOrg;
let tokenA: string;
let ownId: string;
let otherTenantId: string;

beforeAll(async () => {
  routes = await loadRoutes("tenant");
  org = await createOrg(db, "Tenant API");
  const a = await createUser(db, "tenant-a");
  const b = await createUser(db, "tenant-b");
  await addMember(db, org, a.id, "admin", org.tenantIds[0]);
  await addMember(db, org, b.id, "admin", org.tenantIds[1]);
  tokenA = await tokenFor(a.id, org, ["data.exports.read", "data.exports.create"], org.tenantIds[0]);
  ownId = await insertExport(routes, org, a.id, {}, 0);
  otherTenantId = await insertExport(routes, org, b.id, {}, 1);
});
afterAll(async () => {
  await routes?.engine.stop();
});

describe("tenant A's member and tenant B's exports", () => {
  it("GET /api/v1/exports?tenantId=A lists A's exports only", async () => {
    const res = await routes.listExports(
      new Request(`http://portal.test/api/v1/exports?organizationId=${org.organizationId}&tenantId=${org.tenantIds[0]}&limit=100`, {
        headers: { authorization: `Bearer ${tokenA}` },
      }),
    );
    expect(res.status).toBe(200);
    const ids = exportListSchema.parse(await res.json()).items.map((e) => e.id);
    expect(ids).toContain(ownId);
    expect(ids).not.toContain(otherTenantId);
  });

  it("GET /api/v1/exports/{id} and its download are not found for a tenant B id", async () => {
    for (const res of [
      await callId(routes.getExport, otherTenantId, tokenA),
      await callId(routes.download, otherTenantId, tokenA, `/api/v1/exports/${otherTenantId}/download`),
    ]) {
      expect(res.status).toBe(404);
      expect(problemSchema.parse(await res.json()).detail).toBe("Export not found");
    }
  });
});

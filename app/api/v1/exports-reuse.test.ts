import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { exports } from "@/db/schema";
import { seedWarehouse } from "@/scripts/seed/warehouse";
import { addMember, createOrg, createUser, testDb, type TestOrg } from "@/test/factories";
import { loadRoutes, postExport, tokenFor, type Routes } from "@/test/api-routes";
import { exportCreatedSchema } from "./_lib/schemas";

/* POST /api/v1/exports with a request identical to one still pending or running: 200 and that export. */
vi.mock("@/app/_lib/session", () => ({ currentUser: async () => null }));
vi.mock("@/auth", () => ({ auth: async () => null }));

const { db, sql } = testDb();
let routes: Routes;
let org: TestOrg;
let token: string;

beforeAll(async () => {
  routes = await loadRoutes("reuse");
  org = await createOrg(db, "Reuse API");
  const user = await createUser(db, "reuse");
  await addMember(db, org, user.id, "admin");
  token = await tokenFor(user.id, org, ["data.exports.read", "data.exports.create"]);
  await seedWarehouse(sql, {
    apps: [{ organizationId: org.organizationId, tenantId: org.tenantIds[0], projectId: org.projectIds[0], appId: org.appIds[0] }],
    rowsPerRealm: 200,
  });
});
afterAll(async () => {
  await routes?.engine.stop();
});

const request = (to: string) => ({ tenantId: org.tenantIds[0], scope: { type: "tenant" }, realm: "jobs", from: "2024-03-01", to, format: "csv" });
const tenantRows = async () => (await db.select({ id: exports.id }).from(exports).where(eq(exports.organizationId, org.organizationId))).length;

describe("POST /api/v1/exports, identical to an active export", () => {
  it("answers 202 the first time, then 200 with the same export, reused: true and X-Export-Reused: true", async () => {
    const first = await postExport(routes, token, request("2024-03-10"));
    expect(first.status).toBe(202);
    expect(first.headers.get("x-export-reused")).toBe("false");
    const created = exportCreatedSchema.parse(await first.json());
    expect(created.reused).toBe(false);

    const again = await postExport(routes, token, { ...request("2024-03-10"), timezone: "UTC", filters: [] });
    expect(again.status).toBe(200);
    expect(again.headers.get("x-export-reused")).toBe("true");
    expect(again.headers.get("location")).toBe(`/api/v1/exports/${created.id}`);
    const reused = exportCreatedSchema.parse(await again.json());
    expect(reused).toMatchObject({ id: created.id, reused: true, status: "pending", queuePosition: expect.any(Number) });
  });

  it("gives one export to simultaneous identical requests: one 202, the others 200 with its id", async () => {
    const before = await tenantRows();
    const answers = await Promise.all(Array.from({ length: 5 }, () => postExport(routes, token, request("2024-03-20"))));
    const bodies = await Promise.all(answers.map(async (r) => ({ status: r.status, body: exportCreatedSchema.parse(await r.json()) })));
    expect(bodies.map((b) => b.status).sort()).toEqual([200, 200, 200, 200, 202]);
    expect(new Set(bodies.map((b) => b.body.id)).size).toBe(1);
    expect(bodies.filter((b) => b.body.reused)).toHaveLength(4);
    expect(await tenantRows()).toBe(before + 1);
  });
});

import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { exports } from "@/db/schema";
import { seedWarehouse } from "@/scripts/seed/warehouse";
import { addMember, createOrg, createUser, testDb, type TestOrg } from "@/test/factories";
import { insertExport, loadRoutes, type Routes } from "@/test/api-routes";

/*
 * The tab's server actions as the browser calls them, with the signed-in user and the request headers
 * stood in for (they need Next's runtime); the database, storage and job engine are real.
 */
const signedIn = vi.hoisted(() => ({ user: { id: "", email: "", name: null as string | null } }));
vi.mock("@/app/_lib/session", () => ({ requireUser: async () => signedIn.user, currentUser: async () => signedIn.user }));
vi.mock("@/app/_lib/request-context", () => ({
  requestContext: async () => ({ ip: "203.0.113.9", userAgent: "vitest" }),
  fromHeaders: () => ({ ip: null, userAgent: null }),
}));
vi.mock("@/auth", () => ({ auth: async () => null }));

const { db, sql } = testDb();
let routes: Routes;
let actions: typeof import("./actions");
let org: TestOrg;
let member: { id: string; email: string };
let other: { id: string; email: string };

beforeAll(async () => {
  routes = await loadRoutes("actions");
  actions = await import("./actions");
  org = await createOrg(db, "Actions");
  member = await createUser(db, "tenant-a");
  other = await createUser(db, "tenant-b");
  // Tenant A's analyst may manage nothing in tenant B; tenant B's exports are its colleague's.
  await addMember(db, org, member.id, "admin", org.tenantIds[0]);
  await addMember(db, org, other.id, "admin", org.tenantIds[1]);
  signedIn.user = { id: member.id, email: member.email, name: "tenant-a" };
  await seedWarehouse(sql, {
    apps: [{ organizationId: org.organizationId, tenantId: org.tenantIds[0], projectId: org.projectIds[0], appId: org.appIds[0] }],
    rowsPerRealm: 200,
  });
});
afterAll(async () => {
  await routes?.engine.stop();
});

describe("createExportAction", () => {
  it("says when it handed back an identical export still pending instead of making a second", async () => {
    const request = { tenantId: org.tenantIds[0], scope: { type: "tenant" }, realm: "jobs", from: "2024-05-01", to: "2024-05-31", format: "csv" };
    const first = await actions.createExportAction(org.organizationId, request);
    const second = await actions.createExportAction(org.organizationId, request);
    if (!first.ok || !second.ok) throw new Error(`refused: ${JSON.stringify([first, second])}`);
    expect(first.data.reused).toBe(false);
    expect(second.data).toMatchObject({ id: first.data.id, reused: true, status: "pending", queuePosition: expect.any(Number) });
  });
});

describe("a member of tenant A naming tenant A with the id of a tenant B export", () => {
  it("cannot cancel, delete or resubmit it: not found, and the export is untouched", async () => {
    const pending = await insertExport(routes, org, other.id, { status: "pending" }, 1);
    const failed = await insertExport(routes, org, other.id, { status: "failed", error: "boom" }, 1);
    const disguised = (id: string) => ({ organizationId: org.organizationId, tenantId: org.tenantIds[0], id });
    for (const result of [
      await actions.cancelExportAction(disguised(pending)),
      await actions.deleteExportAction(disguised(pending)),
      await actions.resubmitExportAction(disguised(failed)),
    ]) {
      expect(result).toMatchObject({ ok: false, code: "not_found", message: "Export not found" });
    }
    const rows = await db.select({ status: exports.status, deletedAt: exports.deletedAt }).from(exports).where(eq(exports.id, pending));
    expect(rows).toEqual([{ status: "pending", deletedAt: null }]);
    const resubmitted = await db.select({ id: exports.id }).from(exports).where(eq(exports.resubmittedFrom, failed));
    expect(resubmitted).toEqual([]);
  });
});

import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { exports, userPreferences } from "@/db/schema";
import { WORKSPACE_UNAVAILABLE } from "@/lib/workspaces/select";
import { seedWarehouse } from "@/scripts/seed/warehouse";
import { insertExport, loadRoutes, type Routes } from "@/test/api-routes";
import { addMember, createOrg, createUser, testDb, type TestOrg } from "@/test/factories";

/*
 * The action wrapper through real actions: the session is Auth.js's answer (stood in for, it needs Next's
 * runtime) read by the real app/_lib/session.ts; the database, storage and job engine are real.
 */
const session = vi.hoisted(() => ({ current: null as { user: { id: string; email: string; name: string } } | null }));
vi.mock("@/auth", () => ({ auth: async () => session.current }));
vi.mock("@/app/_lib/request-context", () => ({
  requestContext: async () => ({ ip: "203.0.113.7", userAgent: "vitest" }),
  fromHeaders: () => ({ ip: null, userAgent: null }),
}));
// revalidatePath needs a Next request to refresh; what it would refresh is not what these tests check.
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

const { db, sql } = testDb();
let routes: Routes;
let exportActions: typeof import("@/app/(portal)/exports/actions");
let portalActions: typeof import("@/app/(portal)/actions");
let org: TestOrg;
let foreign: TestOrg;
let analyst: { id: string; email: string };
let viewer: { id: string; email: string };

const signIn = (user: { id: string; email: string } | null) => {
  session.current = user ? { user: { id: user.id, email: user.email, name: "Wrapper Test" } } : null;
};
const request = () => ({ tenantId: org.tenantIds[0], scope: { type: "tenant" }, realm: "jobs", from: "2024-06-01", to: "2024-06-30", format: "csv" });
const ref = (id: string) => ({ organizationId: org.organizationId, tenantId: org.tenantIds[0], id });
const statusOf = async (id: string) => (await db.select({ status: exports.status }).from(exports).where(eq(exports.id, id)))[0]?.status;
const exportsOf = async (userId: string) => db.select({ id: exports.id }).from(exports).where(eq(exports.requestedBy, userId));
const remembered = async (userId: string) => {
  const [row] = await db.select().from(userPreferences).where(eq(userPreferences.userId, userId));
  return row ? { organizationId: row.organizationId, tenantId: row.tenantId } : null;
};
const switchTo = (value: string) => {
  const form = new FormData();
  form.set("workspace", value);
  return portalActions.selectWorkspaceAction(null, form);
};

beforeAll(async () => {
  routes = await loadRoutes("wrapper");
  exportActions = await import("@/app/(portal)/exports/actions");
  portalActions = await import("@/app/(portal)/actions");
  org = await createOrg(db, "Wrapper");
  foreign = await createOrg(db, "Wrapper elsewhere");
  analyst = await createUser(db, "wrapper-analyst");
  viewer = await createUser(db, "wrapper-viewer");
  await addMember(db, org, analyst.id, "analyst", org.tenantIds[0]);
  await addMember(db, org, viewer.id, "viewer", org.tenantIds[0]);
  await seedWarehouse(sql, {
    apps: [{ organizationId: org.organizationId, tenantId: org.tenantIds[0], projectId: org.projectIds[0], appId: org.appIds[0] }],
    rowsPerRealm: 50,
  });
});
beforeEach(() => signIn(analyst));
afterAll(async () => {
  await routes?.engine.stop();
});

describe("an action without a session", () => {
  it("redirects to sign-in, coming back to the page, and changes nothing", async () => {
    const pending = await insertExport(routes, org, analyst.id, { status: "pending" });
    signIn(null);
    const error: unknown = await exportActions.cancelExportAction(ref(pending)).catch((e: unknown) => e);
    expect(error).toMatchObject({ digest: expect.stringContaining(`/sign-in?callbackUrl=${encodeURIComponent("/exports")}`) });
    expect(await statusOf(pending)).toBe("pending");
  });
});

describe("an action with input that does not parse", () => {
  it("answers ids that are not ids as not found, like someone else's", async () => {
    for (const raw of [{ id: "not-an-id" }, "text", null]) {
      expect(await exportActions.cancelExportAction(raw)).toEqual({ ok: false, code: "not_found", message: "Export not found", fieldErrors: {} });
    }
    expect(await exportActions.createExportAction("not-an-org", request())).toEqual({
      ok: false,
      code: "not_found",
      message: "Organization not found",
      fieldErrors: {},
    });
    expect(await switchTo("not-a-workspace")).toMatchObject({ ok: false, code: "not_found", message: WORKSPACE_UNAVAILABLE });
  });

  it("names a refused field in the form's words, and queues nothing", async () => {
    const before = await exportsOf(analyst.id);
    // From may be left out; a start date that is not a date is refused in the form's words.
    const result = await exportActions.createExportAction(org.organizationId, { ...request(), from: "01/03/2024", format: "pdf" });
    expect(result).toMatchObject({
      ok: false,
      code: "invalid",
      fieldErrors: { from: "Enter the start date as YYYY-MM-DD, e.g. 2025-01-31.", format: expect.stringContaining("Choose a format") },
    });
    expect(JSON.stringify(result)).not.toMatch(/Invalid input|expected/);
    expect(await exportsOf(analyst.id)).toEqual(before);
  });
});

describe("an action the user has no permission for", () => {
  it("refuses a viewer's export request with what is missing, and queues nothing", async () => {
    signIn(viewer);
    expect(await exportActions.createExportAction(org.organizationId, request())).toEqual({
      ok: false,
      code: "forbidden",
      message: "You don't have the data.exports.create permission here. Ask an organization or tenant admin.",
      fieldErrors: {},
    });
    expect(await exportsOf(viewer.id)).toEqual([]);
  });

  it("refuses another organization's workspace and keeps the remembered one", async () => {
    expect(await switchTo(`${org.organizationId}:${org.tenantIds[0]}`)).toMatchObject({ ok: true });
    expect(await switchTo(`${foreign.organizationId}:${foreign.tenantIds[0]}`)).toEqual({
      ok: false,
      code: "not_found",
      message: WORKSPACE_UNAVAILABLE,
      fieldErrors: {},
    });
    expect(await remembered(analyst.id)).toEqual({ organizationId: org.organizationId, tenantId: org.tenantIds[0] });
  });
});

describe("an allowed action", () => {
  it("runs and answers what it did, as the database now holds it", async () => {
    const created = await exportActions.createExportAction(org.organizationId, request());
    if (!created.ok) throw new Error(`refused: ${JSON.stringify(created)}`);
    expect(created.data).toMatchObject({
      status: "pending",
      reused: false,
      realm: "jobs",
      dateFrom: "2024-06-01",
      requestedBy: { email: analyst.email, name: "Wrapper Test", isYou: true },
      can: { cancel: true, delete: true, download: false, resubmit: false },
      request: { from: "2024-06-01", to: "2024-06-30", format: "csv" },
    });
    expect(await statusOf(created.data.id)).toBe("pending");

    expect(await exportActions.cancelExportAction(ref(created.data.id))).toEqual({ ok: true, data: null });
    expect(await statusOf(created.data.id)).toBe("cancelled");

    // Not chosen on a page whose URL names a workspace, so there is no page to go to: the layout refreshes.
    expect(await switchTo(`${org.organizationId}:${org.tenantIds[0]}`)).toEqual({ ok: true, data: { go: null } });
    expect(await remembered(analyst.id)).toEqual({ organizationId: org.organizationId, tenantId: org.tenantIds[0] });
  });
});

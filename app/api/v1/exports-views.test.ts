import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { exports } from "@/db/schema";
import { expireExports } from "@/lib/export-runs/expire";
import { addMember, createOrg, createUser, testDb, type TestOrg } from "@/test/factories";
import { APP_URL, callId, insertExport, loadRoutes, postExport, tokenFor, type Routes } from "@/test/api-routes";
import { exportCreatedSchema, exportListSchema, exportSchema, problemSchema } from "./_lib/schemas";

/* One export reads the same through GET /api/v1/exports/{id} and the list, and expiry shows from expiresAt on. */
vi.mock("@/app/_lib/session", () => ({ currentUser: async () => null }));
vi.mock("@/auth", () => ({ auth: async () => null }));

const { db } = testDb();
let routes: Routes;
let org: TestOrg;
let user: { id: string };
let token: string;

beforeAll(async () => {
  routes = await loadRoutes("views");
  org = await createOrg(db, "Views");
  user = await createUser(db, "views");
  await addMember(db, org, user.id, "admin");
  token = await tokenFor(user.id, org, ["data.exports.read", "data.exports.create"]);
});
afterAll(async () => {
  await routes?.engine.stop();
});

async function listed(id: string) {
  const res = await routes.listExports(
    new Request(`http://portal.test/api/v1/exports?tenantId=${org.tenantIds[0]}&limit=100`, { headers: { authorization: `Bearer ${token}` } }),
  );
  expect(res.status).toBe(200);
  return exportListSchema.parse(await res.json()).items.find((e) => e.id === id);
}
async function single(id: string) {
  const res = await callId(routes.getExport, id, token);
  expect(res.status).toBe(200);
  return exportSchema.parse(await res.json());
}

describe("the single view and the list view agree", () => {
  it("a pending export has the same queue position in both (not null in the single view)", async () => {
    const first = await insertExport(routes, org, user.id, { status: "pending", createdAt: new Date(Date.now() - 2_000) });
    const second = await insertExport(routes, org, user.id, { status: "pending", createdAt: new Date(Date.now() - 1_000) });
    const [one, many] = [await single(second), await listed(second)];
    expect(one.queuePosition).toBe(2);
    expect(many?.queuePosition).toBe(2);
    expect((await single(first)).queuePosition).toBe(1);
  });

  it("a running export has an ETA from its rate so far, the same in both", async () => {
    const startedAt = new Date(Date.now() - 20_000);
    // 1,000 of 4,000 rows in the first 10 s: 30 s more from its last progress report, 10 s ago, so about 20 s left.
    const id = await insertExport(routes, org, user.id, {
      status: "running",
      rowsEstimate: 4_000,
      rowsProcessed: 1_000,
      startedAt,
      progressAt: new Date(startedAt.getTime() + 10_000),
    });
    const [one, many] = [await single(id), await listed(id)];
    const completion = startedAt.getTime() + 40_000;
    for (const view of [one, many]) {
      expect(view?.estimatedCompletionAt).toBe(new Date(completion).toISOString());
      expect(view?.etaSeconds).toBeGreaterThanOrEqual(15);
      expect(view?.etaSeconds).toBeLessThanOrEqual(21);
    }
    expect(Math.abs((one.etaSeconds ?? 0) - (many?.etaSeconds ?? 0))).toBeLessThanOrEqual(1);
  });

  it("a done export has its file name and the same absolute download URL (APP_URL) in both", async () => {
    const id = await insertExport(routes, org, user.id, { fileName: "jobs_tenant_2024-01.zip" });
    const [one, many] = [await single(id), await listed(id)];
    for (const view of [one, many]) {
      expect(view).toMatchObject({
        status: "done",
        fileName: "jobs_tenant_2024-01.zip",
        downloadUrl: `${APP_URL}/exports/${id}/download`,
        etaSeconds: null,
        queuePosition: null,
      });
    }
    // One export's answer also lists its partitions (none here); everything else reads the same in both.
    expect(one.partitions).toEqual([]);
    const { queuePosition: _q, etaSeconds: _e, estimatedCompletionAt: _c, partitions: _p, ...rest } = one;
    const { queuePosition: _q2, etaSeconds: _e2, estimatedCompletionAt: _c2, ...restListed } = many ?? one;
    expect(rest).toEqual(restListed);
  });
});

describe("the parts a request asked for", () => {
  it("are stored and shown back by the create answer, the single view and the list, and in the body that makes it again", async () => {
    const body = { tenantId: org.tenantIds[0], scope: { type: "tenant" }, realm: "jobs", from: "2024-02-01", to: "2024-02-29", format: "ndjson" };
    const res = await postExport(routes, token, { ...body, parts: { maxRows: 250_000, maxMegabytes: 100 } });
    expect(res.status).toBe(202);
    const created = exportCreatedSchema.parse(await res.json());
    const parts = { maxRows: 250_000, maxMegabytes: 100 };
    expect(created).toMatchObject({ parts, request: { parts } });
    expect(await single(created.id)).toMatchObject({ parts, request: { parts } });
    expect(await listed(created.id)).toMatchObject({ parts, request: { parts } });
    const [row] = await db.select().from(exports).where(eq(exports.id, created.id));
    expect(row?.parts).toEqual(parts);

    // Without parts: null in the view, and the body to send again has none.
    const plain = exportCreatedSchema.parse(await (await postExport(routes, token, body)).json());
    expect(plain.parts).toBeNull();
    expect(plain.request).not.toHaveProperty("parts");
  });
});

describe("expiry shows at expiresAt, not at the next sweep", () => {
  it("is expired in both views and refused as expired by the download, with a message that is true before and after the sweep", async () => {
    const id = await insertExport(routes, org, user.id);
    const expiresAt = new Date(Date.now() - 1_000);
    await db.update(exports).set({ expiresAt }).where(eq(exports.id, id));
    const [one, many] = [await single(id), await listed(id)];
    for (const view of [one, many]) expect(view).toMatchObject({ status: "expired", downloadUrl: null, can: { download: false, resubmit: true } });

    // The file is still on disk until the sweep: the answer must not claim it was deleted.
    expect(await routes.exportStorage().stat(`${org.organizationId}/${id}.zip`)).not.toBeNull();
    for (const handler of [routes.download, routes.portalDownload]) {
      const res = await callId(handler, id, token, `/exports/${id}/download`);
      expect(res.status).toBe(410);
      const detail = problemSchema.parse(await res.json()).detail;
      expect(detail).toBe(
        `This export expired on ${expiresAt.toISOString()} and its file is no longer served and will be deleted shortly. Resubmit the request to export the data again.`,
      );
    }

    await expireExports({ db, storage: routes.exportStorage() });
    expect(await routes.exportStorage().stat(`${org.organizationId}/${id}.zip`)).toBeNull();
    const after = await callId(routes.download, id, token);
    expect(after.status).toBe(410);
    expect(problemSchema.parse(await after.json()).detail).toBe(
      `This export expired on ${expiresAt.toISOString()} and its file was deleted. Resubmit the request to export the data again.`,
    );
    expect((await single(id)).status).toBe("expired");
  });

  it("the sweep also takes an export whose expiry is this very moment", async () => {
    const id = await insertExport(routes, org, user.id);
    const now = new Date(Date.now() - 5_000);
    await db.update(exports).set({ expiresAt: now }).where(eq(exports.id, id));
    await expireExports({ db, storage: routes.exportStorage(), now: () => now });
    const [row] = await db.select({ status: exports.status }).from(exports).where(eq(exports.id, id));
    expect(row?.status).toBe("expired");
  });
});

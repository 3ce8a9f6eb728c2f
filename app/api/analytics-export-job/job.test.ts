import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { exports } from "@/db/schema";
import { callRoute, expectForPeople } from "@/test/api-calls";
import { APP_URL, ARCHIVE } from "@/test/api-routes";
import { insertTestExport, testDb } from "@/test/factories";
import { finishExport, seedWorld } from "@/test/seed-apis";

/*
 * The analytics export job (seed 002) against the real routes, database and job engine: the seed's
 * request as written, its answer field by field, "not found" alike for foreign and made-up ids, and the
 * session cookie held to the same origin check as /api/v1. Only the cookie session is a stand-in.
 */
const session = vi.hoisted(() => ({ user: null as null | { id: string; email: string; name: string | null } }));
vi.mock("@/app/_lib/session", () => ({ currentUser: async () => session.user }));
vi.mock("@/auth", () => ({ auth: async () => null }));

const { world } = seedWorld("seedjob");
const { db } = testDb();

const SEED_FIELDS = ["status", "id", "tenantId", "jobExpiryDate", "dataDateFrom", "dataDateTo", "createdAt", "updatedAt", "filename"];
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

const post = (body: unknown, token?: string, headers?: Record<string, string>) =>
  callRoute(world().routes.postJob, { method: "POST", path: "/api/analytics-export-job", body, token, headers });
const get = (id: string, token?: string) => callRoute(world().routes.getJob, { path: `/api/analytics-export-job/${id}`, id, token });
const json = (text: string) => JSON.parse(text) as Record<string, unknown>;

describe("POST /api/analytics-export-job, as seed 002 writes it", () => {
  it("creates a Parquet export of the tenant's analytics events and answers exactly the documented fields", async () => {
    const w = world();
    const tenantId = w.org.tenantIds[0];
    const answer = await post({ tenantId, dataDateFrom: "2024-03-01", dataDateTo: "2024-03-31" }, w.token);
    expect(answer.status, answer.text).toBe(201);
    const job = json(answer.text);
    expect(Object.keys(job)).toEqual(SEED_FIELDS);
    expect(job.status).toBe("queued");
    expect(job.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(job.tenantId).toBe(tenantId);
    expect(job.jobExpiryDate).toBeNull();
    expect(job.dataDateFrom).toBe("2024-03-01");
    expect(job.dataDateTo).toBe("2024-03-31");
    expect(job.createdAt).toMatch(ISO);
    expect(job.updatedAt).toMatch(ISO);
    expect(job.filename).toBeNull();
    // The export behind it is the one the REST API would have made for the same request.
    const [row] = await db
      .select()
      .from(exports)
      .where(eq(exports.id, String(job.id)));
    expect(row).toMatchObject({ realm: "events", format: "parquet", scope: { type: "tenant" }, timezone: "UTC", tenantId, requestedBy: w.admin.id });
    expect(row?.fields).toContain("event_type");
  });

  it("answers the same request again with the job already queued (200), not a second export", async () => {
    const w = world();
    const body = { tenantId: w.org.tenantIds[0], dataDateFrom: "2024-04-01", dataDateTo: "2024-04-30" };
    const first = json((await post(body, w.token)).text);
    const again = await post(body, w.token);
    expect(again.status).toBe(200);
    expect(json(again.text).id).toBe(first.id);
  });
});

describe("GET /api/analytics-export-job/{id}", () => {
  it("reports queued, processing and done with downloadUrl (absolute) and fileSize, field by field", async () => {
    const w = world();
    const created = json((await post({ tenantId: w.org.tenantIds[0], dataDateFrom: "2024-05-01", dataDateTo: "2024-05-31" }, w.token)).text);
    const id = String(created.id);
    const queued = json((await get(id, w.token)).text);
    expect(Object.keys(queued)).toEqual(SEED_FIELDS);
    expect(queued).toMatchObject({ status: "queued", id, tenantId: w.org.tenantIds[0], dataDateFrom: "2024-05-01", dataDateTo: "2024-05-31" });

    await db.update(exports).set({ status: "running", startedAt: new Date() }).where(eq(exports.id, id));
    expect(json((await get(id, w.token)).text).status).toBe("processing");

    await finishExport(id, w.org.organizationId);
    const answer = await get(id, w.token);
    expect(answer.status).toBe(200);
    const done = json(answer.text);
    expect(Object.keys(done)).toEqual([...SEED_FIELDS, "downloadUrl", "fileSize"]);
    expect(done.status).toBe("done");
    expect(done.filename).toBe("events_tenant_2024-03-01_to_2024-03-31.zip");
    expect(done.fileSize).toBe(ARCHIVE.length);
    expect(done.downloadUrl).toBe(`${APP_URL}/api/v1/exports/${id}/download`);
    expect(String(done.jobExpiryDate)).toMatch(ISO);
    expect(Date.parse(String(done.updatedAt))).toBeGreaterThanOrEqual(Date.parse(String(queued.updatedAt)));
  });

  it("reports a failed job as status failed with the export's error, and a cancelled one as cancelled", async () => {
    const w = world();
    const failed = await insertTestExport(db, w.org, w.admin.id, {
      realm: "events",
      format: "parquet",
      status: "failed",
      error: "The warehouse did not answer.",
    });
    expect(json((await get(failed, w.token)).text)).toMatchObject({ status: "failed", error: "The warehouse did not answer." });
    const cancelled = await insertTestExport(db, w.org, w.admin.id, { realm: "events", format: "parquet", status: "cancelled" });
    const answer = json((await get(cancelled, w.token)).text);
    expect(answer.status).toBe("cancelled");
    expectForPeople(answer.error);
  });

  it("answers another organization's, another tenant's and a made-up id with the same 404", async () => {
    const w = world();
    const foreignId = await insertTestExport(db, w.foreign, w.outsider.id, { realm: "events" });
    const otherTenantId = await insertTestExport(db, w.org, w.admin.id, { realm: "events", tenant: 1 });
    const answers = [await get(foreignId, w.token), await get(otherTenantId, w.token), await get(randomUUID(), w.token), await get("not-an-id", w.token)];
    for (const a of answers) {
      expect(a.status).toBe(404);
      expect(json(a.text)).toEqual({ statusCode: 404, error: "not_found", message: "Export not found" });
    }
    // The tenant's own token sees its export, so the 404 above is the tenant boundary, not a broken lookup.
    expect((await get(otherTenantId, w.otherTenantToken)).status).toBe(200);
  });
});

describe("the job API's refusals", () => {
  it("refuses another organization's tenant exactly like a made-up one", async () => {
    const w = world();
    const foreignTenant = await post({ tenantId: w.foreign.tenantIds[0], dataDateFrom: "2024-03-01", dataDateTo: "2024-03-31" }, w.token);
    const madeUp = await post({ tenantId: randomUUID(), dataDateFrom: "2024-03-01", dataDateTo: "2024-03-31" }, w.token);
    expect(foreignTenant.status).toBe(404);
    expect(foreignTenant.text).toBe(madeUp.text);
    expect(json(madeUp.text)).toEqual({ statusCode: 404, error: "not_found", message: "Tenant not found" });
  });

  it("asks for a token without one, and refuses a signed-in browser's write from another origin", async () => {
    const w = world();
    const body = { tenantId: w.org.tenantIds[0], dataDateFrom: "2024-06-01", dataDateTo: "2024-06-30" };
    const anonymous = await post(body);
    expect(anonymous.status).toBe(401);
    expectForPeople(json(anonymous.text).message);
    session.user = { id: w.admin.id, email: w.admin.email, name: "admin" };
    try {
      const crossSite = await post(body, undefined, { origin: "https://evil.example" });
      expect(crossSite.status).toBe(403);
      expect(String(json(crossSite.text).message)).toContain("did not come from the portal's own pages");
      const own = await post(body, undefined, { origin: APP_URL });
      expect(own.status, own.text).toBe(201);
      expect(json(own.text)).toMatchObject({ status: "queued", tenantId: w.org.tenantIds[0] });
    } finally {
      session.user = null;
    }
  });

  it("names the field a person got wrong, in the job's own names", async () => {
    const w = world();
    const answer = await post({ tenantId: w.org.tenantIds[0], dataDateFrom: "March 1st", dataDateTo: "2024-03-31" }, w.token);
    expect(answer.status).toBe(422);
    const body = json(answer.text);
    expect(body).toMatchObject({ statusCode: 422, error: "invalid", message: "Write dataDateFrom as YYYY-MM-DD, e.g. 2025-01-31." });
    expect(Object.keys(body.fields as object)).toEqual(["dataDateFrom"]);
    const reversed = json((await post({ tenantId: w.org.tenantIds[0], dataDateFrom: "2024-03-31", dataDateTo: "2024-03-01" }, w.token)).text);
    expect(reversed.statusCode).toBe(422);
    expectForPeople(reversed.message);
    expect(Object.keys(reversed.fields as object)).not.toContain("to");
  });
});

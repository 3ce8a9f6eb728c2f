import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { sendExportEmail } from "@/lib/export-runs/email";
import type { RunDeps } from "@/lib/export-runs/deps";
import { claimRunSlot, estimateExport, markDone } from "@/lib/export-runs/run";
import { seedWarehouse } from "@/scripts/seed/warehouse";
import { expectForPeople } from "@/test/api-calls";
import { callId, insertExport, loadRoutes, postExport, tokenFor, type Routes } from "@/test/api-routes";
import { uniqueDir } from "@/test/export-flow";
import { produceThroughSteps } from "@/test/exports/run-steps";
import { addMember, createOrg, createUser, exportRequestBody, testDb, type TestOrg } from "@/test/factories";
import { exportSchema } from "./_lib/schemas";

/* POST /api/v1/exports with since / previousExport / incremental, the checkpoint in the JSON and the download's headers. */
vi.mock("@/app/_lib/session", () => ({ currentUser: async () => null }));
vi.mock("@/auth", () => ({ auth: async () => null }));

const { db, sql } = testDb();
let routes: Routes;
let org: TestOrg;
let token: string;
let userId: string;

beforeAll(async () => {
  routes = await loadRoutes("incremental");
  org = await createOrg(db, "Incremental API");
  const user = await createUser(db, "incremental");
  userId = user.id;
  await addMember(db, org, user.id, "admin");
  token = await tokenFor(user.id, org, ["data.exports.read", "data.exports.create"]);
  await seedWarehouse(sql, {
    apps: [{ organizationId: org.organizationId, tenantId: org.tenantIds[0], projectId: org.projectIds[0], appId: org.appIds[0] }],
    rowsPerRealm: 60,
  });
});
afterAll(async () => {
  await routes?.engine.stop();
});

const body = (over: Record<string, unknown> = {}) => exportRequestBody(org.tenantIds[0], { from: "2024-01-01", to: "2024-12-31", fields: ["job_id"], ...over });

/** The run's steps, as the engine's functions call them, so the test decides when rows arrive. */
async function runToDone(id: string) {
  const deps: RunDeps = { db, warehouse: sql, storage: routes.exportStorage(), tmpDir: path.join(uniqueDir("incremental-api"), "tmp") };
  expect(await claimRunSlot(deps, id)).toBe("started");
  await estimateExport(deps, id);
  const result = await produceThroughSteps(deps, id);
  if (result.cancelled) throw new Error("the export stopped");
  await markDone(deps, id, result);
  return exportSchema.parse(await (await callId(routes.getExport, id, token)).json());
}

/** POST /api/v1/exports/estimate or /preview with a draft, read back as JSON (it must be 200). */
async function draftCall<T>(route: "estimate" | "preview", over: Record<string, unknown>): Promise<T> {
  const { POST } = route === "estimate" ? await import("./exports/estimate/route") : await import("./exports/preview/route");
  const res = await POST(
    new Request(`http://portal.test/api/v1/exports/${route}`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify(body(over)),
    }),
  );
  expect(res.status).toBe(200);
  return (await res.json()) as T;
}

async function queued(over: Record<string, unknown>) {
  const res = await postExport(routes, token, body(over));
  expect(res.status).toBe(202);
  return exportSchema.parse(await res.json());
}

describe("an incremental export through the API", () => {
  it("carries its checkpoint in the JSON and X-Export-Checkpoint; with nothing new the download is 204 and no ready email goes out", async () => {
    const first = await runToDone((await queued({ incremental: true })).id);
    expect(first.checkpoint).toMatch(/^ckpt_/);
    expect(first.checkpointRange).toEqual({ sinceExportId: null, upTo: expect.any(String) });
    const download = await callId(routes.download, first.id, token, `/api/v1/exports/${first.id}/download`);
    expect(download.status).toBe(200);
    expect(download.headers.get("x-export-checkpoint")).toBe(first.checkpoint);

    const queuedSecond = await queued({ since: first.checkpoint });
    expect(queuedSecond.checkpoint, "no checkpoint before it is done").toBeNull();
    expect(queuedSecond.request).toMatchObject({ incremental: true });
    const second = await runToDone(queuedSecond.id);
    expect(second).toMatchObject({ status: "done", rowCount: 0, noNewRows: true, checkpointRange: { sinceExportId: first.id } });
    const empty = await callId(routes.download, second.id, token, `/api/v1/exports/${second.id}/download`);
    expect(empty.status).toBe(204);
    expect(await empty.text()).toBe("");
    expect(empty.headers.get("x-export-checkpoint")).toBe(second.checkpoint);
    expect(await sendExportEmail(db, second.id, "ready", "https://portal.example")).toEqual({ sent: false, reason: "no new rows" });

    // What the New export form offers: the stream's newest done export, and with incremental only the rows since it.
    const ask = (over: Record<string, unknown>) => draftCall<{ rows: number; checkpoint: { exportId: string } | null }>("estimate", over);
    const full = await ask({ format: "json" });
    expect(full.checkpoint?.exportId, "the newest done export of the same stream, whatever the format").toBe(second.id);
    expect(full.rows).toBeGreaterThan(0);
    expect((await ask({ incremental: true })).rows, "nothing arrived since").toBe(0);
    expect((await ask({ fields: ["job_id", "nodes"] })).checkpoint, "another stream has none").toBeNull();

    // The sample rows follow the same window: none when nothing arrived since the checkpoint.
    const sample = (over: Record<string, unknown>) => draftCall<{ rows: unknown[][] }>("preview", over);
    expect((await sample({})).rows.length, "a full export's sample").toBeGreaterThan(0);
    expect((await sample({ incremental: true })).rows, "nothing arrived since").toEqual([]);
  });

  it("refuses a token that is not one, of another organization, tenant or stream, with 422 and the reason", async () => {
    const done = await runToDone((await queued({ fields: ["job_id", "queue"] })).id);
    const other = await createOrg(db, "Elsewhere");
    const foreignUser = await createUser(db, "elsewhere");
    const foreign = "ckpt_" + "f".repeat(32);
    await insertExport(routes, other, foreignUser.id, { checkpointToken: foreign, snapshot: "1:1:", streamHash: "x" });
    const otherTenant = "ckpt_" + "t".repeat(32);
    await insertExport(routes, org, userId, { checkpointToken: otherTenant, snapshot: "1:1:", streamHash: "x" }, 1);
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ since: "nope" }, /not a checkpoint token/],
      [{ since: 42 }, /checkpoint as text/],
      [{ previousExport: "ckpt_" + "0".repeat(32) }, /No export has this checkpoint/],
      [{ since: foreign }, /another organization/],
      [{ since: otherTenant }, /another tenant/],
      [{ since: done.checkpoint }, /another stream/],
      [{ since: done.checkpoint, previousExport: foreign }, /once/],
    ];
    for (const [over, reason] of cases) {
      const res = await postExport(routes, token, body(over));
      const problem = (await res.json()) as { detail: string; errors?: Record<string, string> };
      expect(res.status, JSON.stringify(over)).toBe(422);
      expect(problem.detail, JSON.stringify(over)).toMatch(reason);
      expectForPeople(problem.errors?.since ?? problem.detail, JSON.stringify(over));
    }
    // The same stream takes it.
    expect((await postExport(routes, token, body({ fields: ["job_id", "queue"], since: done.checkpoint }))).status).toBe(202);
  });
});

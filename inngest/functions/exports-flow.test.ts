import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertExport } from "@/db/queries/exports";
import { exports } from "@/db/schema";
import { cancelExport, createExport, type ExportDeps } from "@/lib/export-requests/service";
import type { RunDeps } from "@/lib/export-runs/deps";
import { createLocalStorage, type ExportStorage } from "@/lib/exports";
import { waitFor } from "@portal/inngest-engine/testing";
import { startExportEngine, type ExportEngine } from "@/test/export-engine";
import { testDb } from "@/test/factories";
import { emailsFor, exportRow, filesUnder, orgWithData, requestFor, sha256File, uniqueDir, waitForStatus } from "@/test/export-flow";

/*
 * The portal's functions, served by the real SDK over HTTP, driven by the real embedded engine, against
 * the real database, warehouse rows and local storage. Only the storage is wrapped, to make it fail on
 * purpose for the retry test.
 */
const { db, sql } = testDb();
const dataDir = uniqueDir("flow");
const tmpDir = path.join(dataDir, "tmp");
const storeDir = path.join(dataDir, "exports");
let running: ExportEngine | undefined;
let service: ExportDeps;
const failPuts = new Map<string, number>();
const putAttempts = new Map<string, number>();

function flaky(storage: ExportStorage): ExportStorage {
  return {
    ...storage,
    async put(key, source, opts) {
      putAttempts.set(key, (putAttempts.get(key) ?? 0) + 1);
      const left = failPuts.get(key) ?? 0;
      if (left > 0) {
        failPuts.set(key, left - 1);
        throw new Error("storage unavailable (test)");
      }
      return storage.put(key, source, opts);
    },
  };
}

const storage = flaky(createLocalStorage(storeDir));
const runDeps = (): RunDeps => ({ db, warehouse: sql, storage, tmpDir, pollMs: 200 });
const actor = (userId: string) => ({ userId, context: { ip: "127.0.0.1", userAgent: "vitest" } });

beforeAll(async () => {
  running = await startExportEngine("portal", { retryBaseDelayMs: 200 }, storage, (m) => [
    ...m.createExportFunctions(runDeps, { perOrganization: 2 }),
    m.createSendExportEmail(() => ({ db, appUrl: "https://portal.example" })),
    // Seconds-precision cron (an extension of the embedded engine) keeps the expiry test short.
    m.createExpireExports(runDeps, { schedule: "*/2 * * * * *" }),
  ]);
  service = running.service;
});

afterAll(async () => {
  await running?.stop();
});

describe("run-export through the engine", () => {
  it("goes pending → running with rising progress → done, stores a file with the recorded checksum and emails the requester", async () => {
    const { org, analyst } = await orgWithData(150_000);
    const row = await createExport(service, actor(analyst.id), org.organizationId, requestFor(org, { format: "xlsx" }));
    const seen: { status: string; rows: number }[] = [];
    const done = await waitFor(
      "the export to finish",
      async () => {
        const r = await exportRow(row.id);
        seen.push({ status: r.status, rows: r.rowsProcessed });
        return r.status === "done" || r.status === "failed" ? r : undefined;
      },
      90_000,
    );
    expect(done.status).toBe("done");
    const running = seen.filter((s) => s.status === "running").map((s) => s.rows);
    expect(new Set(running.filter((n) => n > 0)).size, "distinct progress values while running").toBeGreaterThanOrEqual(2);
    expect(running).toEqual([...running].sort((a, b) => a - b));

    const [{ n }] = await sql`select count(*)::int as n from warehouse.jobs where tenant_id = ${org.tenantIds[0]}
      and submitted_at >= '2024-01-01T00:00:00+01:00' and submitted_at < '2025-01-01T00:00:00+01:00'`;
    expect(done.rowCount).toBe(n);
    expect(done.expiresAt && done.completedAt && done.expiresAt.getTime() - done.completedAt.getTime()).toBe(30 * 86_400_000);
    const file = path.join(storeDir, done.storageKey ?? "missing");
    expect(sha256File(file)).toBe(done.sha256);
    expect(filesUnder(tmpDir).filter((f) => f.includes(row.id))).toEqual([]);

    const mail = await waitFor("the ready email", async () => (await emailsFor(row.id)).find((m) => m.dedupeKey === `export-${row.id}-ready`));
    expect(mail.to).toBe(analyst.email);
    expect(mail.text).toContain(`https://portal.example/exports/${row.id}/download`);
    expect(mail.text).toContain(done.rowCount?.toLocaleString("en"));
  });

  it("retries a step that fails twice and still stores exactly one file", async () => {
    const { org, analyst } = await orgWithData(2_000);
    const row = await createExport(service, actor(analyst.id), org.organizationId, requestFor(org));
    const key = `${org.organizationId}/${row.id}.zip`;
    failPuts.set(key, 2);
    const done = await waitForStatus(row.id, ["done", "failed"]);
    expect(done.status).toBe("done");
    expect(putAttempts.get(key)).toBe(3);
    expect(filesUnder(path.join(storeDir, org.organizationId))).toEqual([path.join(storeDir, key)]);
    expect(sha256File(path.join(storeDir, key))).toBe(done.sha256);
  });

  it("fails for good on a request the engine refuses, with a message and a failure email", async () => {
    const { org, analyst } = await orgWithData(1_000);
    // A field that left the catalog after the request was made: no retry can fix that.
    const row = await insertExport(db, {
      organizationId: org.organizationId,
      tenantId: org.tenantIds[0],
      requestedBy: analyst.id,
      scope: { type: "tenant" },
      scopeLabel: "Tenant 1",
      realm: "jobs",
      fields: ["job_id", "retired_field"],
      dateFrom: "2024-01-01",
      dateTo: "2024-01-31",
      timezone: "UTC",
      format: "csv",
    });
    await service.events.requested({ exportId: row.id, organizationId: org.organizationId, tenantId: org.tenantIds[0], requestedBy: analyst.id });
    const failed = await waitForStatus(row.id, ["failed", "done"]);
    expect(failed.status).toBe("failed");
    expect(failed.error).toMatch(/retired_field/);
    expect(failed.error).toMatch(/resubmit/i);
    expect(failed.error).not.toMatch(/\bat .*\.ts:\d+/);
    const mail = await waitFor("the failure email", async () => (await emailsFor(row.id)).find((m) => m.dedupeKey === `export-${row.id}-failed`));
    expect(mail.text).toMatch(/retired_field/);
  });

  it("cancels a running export within 2 s and removes its partial files", async () => {
    const { org, analyst } = await orgWithData(150_000);
    const row = await createExport(service, actor(analyst.id), org.organizationId, requestFor(org, { format: "xlsx" }));
    await waitFor("progress", async () => ((await exportRow(row.id)).rowsProcessed > 0 ? true : undefined), 60_000);
    await cancelExport(service, actor(analyst.id), { organizationId: org.organizationId, tenantId: org.tenantIds[0], id: row.id });
    // The cancel is recorded now; from here the run has 2 s to stop and clean up.
    const cancelledAt = Date.now();
    await waitFor("partial files to go", () => (filesUnder(tmpDir).some((f) => f.includes(row.id)) ? undefined : true), 2_000);
    expect(Date.now() - cancelledAt).toBeLessThan(2_000);
    await new Promise((r) => setTimeout(r, 1_000));
    expect((await exportRow(row.id)).status).toBe("cancelled");
    expect(filesUnder(path.join(storeDir, org.organizationId))).toEqual([]);
  });

  it("runs at most 2 exports of an organization at once, first in first out, while another organization's export runs", async () => {
    const a = await orgWithData(40_000);
    const b = await orgWithData(2_000);
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      // Each ends a day earlier: identical requests would be one export.
      ids.push((await createExport(service, actor(a.analyst.id), a.org.organizationId, requestFor(a.org, { format: "xlsx", to: `2024-12-${31 - i}` }))).id);
    }
    const other = await createExport(service, actor(b.analyst.id), b.org.organizationId, requestFor(b.org));
    const rows = await Promise.all(ids.map((id) => waitForStatus(id, ["done", "failed"], 120_000)));
    const otherDone = await waitForStatus(other.id, ["done", "failed"]);
    expect(rows.every((r) => r.status === "done")).toBe(true);
    const spans = rows.map((r) => ({ start: r.startedAt?.getTime() ?? 0, end: r.completedAt?.getTime() ?? 0 }));
    const overlapAt = (t: number) => spans.filter((s) => s.start <= t && t < s.end).length;
    expect(Math.max(...spans.map((s) => overlapAt(s.start)))).toBeLessThanOrEqual(2);
    const startOrder = [...rows].sort((x, y) => (x.startedAt?.getTime() ?? 0) - (y.startedAt?.getTime() ?? 0)).map((r) => r.id);
    expect(startOrder).toEqual(ids);
    expect(otherDone.completedAt?.getTime()).toBeLessThan(Math.max(...spans.map((s) => s.end)));
  });
});

describe("the organization's own limit", () => {
  it("with 'exports running at once' set to 1, runs its exports one by one in request order", async () => {
    const c = await orgWithData(20_000);
    await sql`update organization_settings set max_concurrent_exports = 1 where organization_id = ${c.org.organizationId}`;
    const ids: string[] = [];
    for (let i = 0; i < 3; i++)
      ids.push((await createExport(service, actor(c.analyst.id), c.org.organizationId, requestFor(c.org, { format: "xlsx", to: `2024-12-${31 - i}` }))).id);
    const rows = await Promise.all(ids.map((id) => waitForStatus(id, ["done", "failed"], 120_000)));
    expect(rows.every((r) => r.status === "done")).toBe(true);
    const ordered = [...rows].sort((x, y) => (x.startedAt?.getTime() ?? 0) - (y.startedAt?.getTime() ?? 0));
    expect(ordered.map((r) => r.id)).toEqual(ids);
    for (let i = 1; i < ordered.length; i++) {
      expect(ordered[i]?.startedAt?.getTime() ?? 0).toBeGreaterThanOrEqual(ordered[i - 1]?.completedAt?.getTime() ?? Infinity);
    }
  });
});

describe("expire-exports on its schedule", () => {
  it("marks exports past expiry as expired and deletes their files", async () => {
    const { org, analyst } = await orgWithData(1_000);
    const row = await createExport(service, actor(analyst.id), org.organizationId, requestFor(org, { from: "2024-01-01", to: "2024-01-31" }));
    const done = await waitForStatus(row.id, ["done"]);
    const file = path.join(storeDir, done.storageKey ?? "missing");
    expect(filesUnder(path.dirname(file))).toContain(file);
    const { eq } = await import("drizzle-orm");
    await db
      .update(exports)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(exports.id, row.id));
    const expired = await waitForStatus(row.id, ["expired"], 15_000);
    expect(expired.status).toBe("expired");
    expect(filesUnder(path.dirname(file))).not.toContain(file);
  });
});

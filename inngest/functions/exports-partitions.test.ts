import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listPartitions } from "@/db/queries/export-partitions";
import { phasesOf } from "@/lib/export-requests/phases";
import { cancelExport, createExport, type ExportDeps } from "@/lib/export-requests/service";
import type { RunDeps } from "@/lib/export-runs/deps";
import type { ExportStorage } from "@/lib/exports";
import { waitFor } from "@portal/inngest-engine/testing";
import { startExportEngine, type ExportEngine } from "@/test/export-engine";
import { unzip } from "@/test/exports/support";
import { testDb } from "@/test/factories";
import { exportDataDir, exportRow, filesUnder, orgWithData, requestFor, sha256File, waitForStatus } from "@/test/export-flow";

/*
 * Exports planned into partitions, through the service, the real engine and the real warehouse: each
 * partition its own run (two of one export at once here), the archive assembled from their outputs.
 */
const { db, sql } = testDb();
const { storeDir, tmpDir, storage: local } = exportDataDir("partitions");
/** Puts of these keys fail this many more times. */
const failPuts = new Map<string, number>();
const storage: ExportStorage = {
  ...local,
  async put(key, source, opts) {
    const left = failPuts.get(key) ?? 0;
    if (left > 0) {
      failPuts.set(key, left - 1);
      throw new Error("storage unavailable (test)");
    }
    return local.put(key, source, opts);
  },
};
const runDeps = (): RunDeps => ({ db, warehouse: sql, storage, tmpDir, pollMs: 200 });
let running: ExportEngine | undefined;
let service: ExportDeps;
const actor = (userId: string) => ({ userId, context: { ip: "127.0.0.1", userAgent: "vitest" } });

beforeAll(async () => {
  running = await startExportEngine("partitions", { retryBaseDelayMs: 200 }, storage, (m) => [
    ...m.createExportFunctions(runDeps, { perOrganization: 2, partitionRows: 1_000, partitionsPerExport: 2, partitionsAtOnce: 4 }),
  ]);
  service = running.service;
});

afterAll(async () => {
  await running?.stop();
});

/** The warehouse's job ids of the request, in export order (time, then id). */
async function jobIdsInWarehouse(organizationId: string, tenantId: string): Promise<string[]> {
  const rows = await sql<{ job_id: string }[]>`
    select job_id from warehouse.jobs where organization_id = ${organizationId} and tenant_id = ${tenantId}
      and submitted_at >= ('2024-01-01'::timestamp at time zone 'Europe/Amsterdam') and submitted_at < ('2025-01-01'::timestamp at time zone 'Europe/Amsterdam')
    order by submitted_at, id`;
  return rows.map((r) => r.job_id);
}

const csvIds = (csv: Buffer) =>
  csv
    .toString("utf8")
    .trim()
    .split(/\r?\n/)
    .slice(1)
    .map((line) => line.split(",")[0] ?? "");

describe("an export planned into partitions", () => {
  it("runs its partitions once each and assembles numbered files whose rows, in order, are the warehouse's", async () => {
    const { org, analyst } = await orgWithData(8_000);
    const row = await createExport(service, actor(analyst.id), org.organizationId, requestFor(org, { fields: ["job_id", "submitted_at"] }));
    const done = await waitForStatus(row.id, ["done", "failed"], 120_000);
    expect(done.error).toBeNull();
    expect(done.status).toBe("done");

    const partitions = await listPartitions(db, row.id);
    const expected = await jobIdsInWarehouse(org.organizationId, org.tenantIds[0]);
    // About 1,000 rows each: the histogram places the cuts, so the plan is close to rows / 1,000.
    expect(partitions.length).toBeGreaterThanOrEqual(Math.ceil(expected.length / 1_000) - 1);
    expect(partitions.every((p) => p.status === "done" && p.attempts === 1)).toBe(true);
    expect(partitions.reduce((n, p) => n + p.rows, 0)).toBe(expected.length);
    expect(Math.max(...partitions.map((p) => p.rows))).toBeLessThan(2_000);
    expect(done).toMatchObject({ rowCount: expected.length, rowsProcessed: expected.length });

    const key = done.storageKey ?? "";
    expect(sha256File(path.join(storeDir, key))).toBe(done.sha256);
    const entries = await unzip(path.join(storeDir, key));
    const csvNames = [...entries.keys()].filter((n) => n.endsWith(".csv"));
    expect(csvNames).toHaveLength(partitions.length);
    csvNames.forEach((name, i) => expect(name).toMatch(new RegExp(`-part-${String(i + 1).padStart(4, "0")}\\.csv$`)));
    expect(csvNames.flatMap((name) => csvIds(entries.get(name) ?? Buffer.alloc(0)))).toEqual(expected);
    // README lists every file with its rows and sha256, and they are the files' own.
    const readme = entries.get("README.txt")?.toString("utf8") ?? "";
    for (const name of csvNames) {
      const data = entries.get(name) ?? Buffer.alloc(0);
      const sha = (await import("node:crypto")).createHash("sha256").update(data).digest("hex");
      expect(readme).toContain(`${name}: ${csvIds(data).length} rows, ${data.length} bytes, sha256 ${sha}`);
    }
    // The export's details: done, every partition done once, with its rows.
    const phases = await phasesOf(db, done);
    expect(phases).toMatchObject({
      phase: "done",
      partitionCounts: { total: partitions.length, done: partitions.length, running: 0, retrying: 0, waiting: 0 },
    });
    expect(phases.partitions.map((p) => [p.index, p.status, p.rows, p.attempts])).toEqual(partitions.map((p) => [p.index, "done", p.rows, 1]));
    // Once the archive is stored, the partitions' outputs leave storage.
    expect(filesUnder(path.join(storeDir, org.organizationId))).toEqual([path.join(storeDir, key)]);
  });

  it("shows a partition whose attempt failed as retrying, with its attempt and error, and finishes it on the next", async () => {
    const { org, analyst } = await orgWithData(3_000);
    const row = await createExport(service, actor(analyst.id), org.organizationId, requestFor(org, { fields: ["job_id", "submitted_at"] }));
    failPuts.set(`${org.organizationId}/${row.id}.partitions/0001.zip`, 2);
    const retrying = await waitFor(
      "partition 1 to be retrying",
      async () => {
        const phases = await phasesOf(db, await exportRow(row.id));
        return phases.phase === "retrying" ? phases : undefined;
      },
      60_000,
    );
    expect(retrying.partitions[0]).toMatchObject({ index: 1, status: "retrying", lastError: "an unexpected error (the server log has the details)" });
    expect(retrying.partitionCounts.retrying).toBe(1);
    const done = await waitForStatus(row.id, ["done", "failed"], 60_000);
    expect(done.status).toBe("done");
    const after = await phasesOf(db, done);
    expect(after.partitions[0]).toMatchObject({ status: "done", attempts: 3, lastError: null });
  });

  it("cancelled mid-run: cancelled at once, its running partitions stop, and no partition output is left", async () => {
    const { org, analyst } = await orgWithData(40_000);
    const row = await createExport(service, actor(analyst.id), org.organizationId, requestFor(org, { format: "xlsx" }));
    await waitFor("a partition to finish", async () => ((await listPartitions(db, row.id)).some((p) => p.status === "done") ? true : undefined), 120_000);
    const meanwhile = await phasesOf(db, await exportRow(row.id));
    expect(meanwhile.phase).toMatch(/^(running|packaging)$/);
    expect(meanwhile.partitionCounts.done).toBeGreaterThanOrEqual(1);
    const cancelledAt = Date.now();
    await cancelExport(service, actor(analyst.id), { organizationId: org.organizationId, tenantId: org.tenantIds[0], id: row.id });
    expect((await exportRow(row.id)).status).toBe("cancelled");
    const sessions = async () =>
      (await sql<{ n: number }[]>`select count(*)::int as n from pg_stat_activity where application_name like ${`export ${row.id}%`}`)[0].n;
    await waitFor("every partition's query to end", async () => ((await sessions()) === 0 ? true : undefined), 5_000);
    expect(Date.now() - cancelledAt).toBeLessThan(2_000);
    await waitFor(
      "the partitions' outputs to leave storage",
      () => (filesUnder(path.join(storeDir, org.organizationId)).length === 0 ? true : undefined),
      15_000,
    );
    await waitFor(
      "scratch space to be given back",
      () => (!fs.existsSync(tmpDir) || !fs.readdirSync(tmpDir).some((n) => n.startsWith(row.id)) ? true : undefined),
      15_000,
    );
    // Nothing comes back later from an attempt still on its way.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(filesUnder(path.join(storeDir, org.organizationId))).toEqual([]);
    expect((await exportRow(row.id)).status).toBe("cancelled");
  });
});

import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_LIMITS, saveUsageLimits } from "@/db/queries/organization-settings";
import { createExport, type ExportDeps } from "@/lib/export-requests/service";
import type { RunDeps } from "@/lib/export-runs/deps";
import { createLocalStorage, type ExportStorage } from "@/lib/exports";
import { startExportEngine, type ExportEngine } from "@/test/export-engine";
import { unzip } from "@/test/exports/support";
import { testDb, type TestOrg } from "@/test/factories";
import { orgWithData, requestFor, uniqueDir, waitForStatus } from "@/test/export-flow";

/*
 * Open-ended date ranges run to done through the service, the real engine and the real warehouse: a missing
 * From starts at the first record, a missing To stops at the recorded request time, and a retry of the run
 * reads the same rows however many arrived since.
 */
const { db, sql } = testDb();
const dataDir = uniqueDir("open-range");
const storeDir = path.join(dataDir, "exports");
let running: ExportEngine | undefined;
let service: ExportDeps;
/** Per storage key: puts still to fail, and what to do when one fails (add warehouse rows, here). */
const failing = new Map<string, { left: number; onFail: () => Promise<void> }>();

function flaky(storage: ExportStorage): ExportStorage {
  return {
    ...storage,
    async put(key, source, opts) {
      const f = failing.get(key);
      if (f && f.left > 0) {
        f.left -= 1;
        await f.onFail();
        throw new Error("storage unavailable (test)");
      }
      return storage.put(key, source, opts);
    },
  };
}

const storage = flaky(createLocalStorage(storeDir));
const runDeps = (): RunDeps => ({ db, warehouse: sql, storage, tmpDir: path.join(dataDir, "tmp"), pollMs: 200 });
const actor = (userId: string) => ({ userId, context: { ip: "127.0.0.1", userAgent: "vitest" } });

beforeAll(async () => {
  running = await startExportEngine("open_range", { retryBaseDelayMs: 200 }, storage, (m) => [...m.createExportFunctions(runDeps, { perOrganization: 2 })]);
  service = running.service;
});

afterAll(async () => {
  await running?.stop();
});

/** An organization with warehouse rows that sets no longest range, so both dates may be left open. */
async function openOrg() {
  const made = await orgWithData(1_000);
  await saveUsageLimits(db, made.org.organizationId, { ...DEFAULT_LIMITS, maxRangeDays: null });
  return made;
}

async function addJob(org: TestOrg, jobId: string, at: string) {
  await sql`insert into warehouse.jobs (organization_id, tenant_id, project_id, app_id, job_id, user_name, queue, submitted_at, nodes, cores, exit_state)
    values (${org.organizationId}, ${org.tenantIds[0]}, ${org.projectIds[0]}, ${org.appIds[0]}, ${jobId}, 'test', 'batch', ${at}::timestamptz, 1, 1, 'COMPLETED')`;
}

/** The job ids in the archive's CSV, in file order. */
async function jobIdsIn(storageKey: string | null): Promise<string[]> {
  const entries = await unzip(path.join(storeDir, storageKey ?? "missing"));
  const csv = [...entries].find(([name]) => name.endsWith(".csv"))?.[1].toString("utf8") ?? "";
  return csv
    .trim()
    .split(/\r?\n/)
    .slice(1)
    .map((line) => line.split(",")[0] ?? "");
}

const jobsOnly = { fields: ["job_id", "submitted_at"] };

describe("open-ended date ranges, run to done", () => {
  it("without From, rows start at the earliest record", async () => {
    const { org, analyst } = await openOrg();
    await addJob(org, "job-ancient", "1990-05-01T12:00:00Z");
    const row = await createExport(service, actor(analyst.id), org.organizationId, requestFor(org, { ...jobsOnly, from: undefined, to: "2024-06-30" }));
    expect(row).toMatchObject({ dateFrom: null, dateTo: "2024-06-30", toAsOf: null });
    const done = await waitForStatus(row.id, ["done", "failed"]);
    expect(done.status, done.error ?? "").toBe("done");
    const expected = await sql<{ job_id: string }[]>`select job_id from warehouse.jobs where tenant_id = ${org.tenantIds[0]}
      and submitted_at < '2024-07-01T00:00:00+02:00' order by submitted_at, id`;
    expect(expected.length).toBeGreaterThan(100);
    const ids = await jobIdsIn(done.storageKey);
    expect(ids).toEqual(expected.map((r) => r.job_id));
    expect(ids[0]).toBe("job-ancient");
    expect(done.rowCount).toBe(expected.length);
  });

  it("without To, rows stop at the request time, and an identical open request meanwhile is that export", async () => {
    const { org, analyst } = await openOrg();
    await addJob(org, "job-just-before", new Date(Date.now() - 60_000).toISOString());
    // A source with a clock ahead: already in the warehouse, but stamped after the request.
    await addJob(org, "job-stamped-later", new Date(Date.now() + 3_600_000).toISOString());
    const before = Date.now();
    const row = await createExport(service, actor(analyst.id), org.organizationId, requestFor(org, { ...jobsOnly, from: undefined, to: undefined }));
    expect(row).toMatchObject({ dateFrom: null, dateTo: null, reused: false });
    expect(row.toAsOf?.getTime()).toBeGreaterThanOrEqual(before);
    expect(row.toAsOf?.getTime()).toBeLessThanOrEqual(Date.now());
    const twin = await createExport(service, actor(analyst.id), org.organizationId, requestFor(org, { ...jobsOnly, from: null, to: null }));
    expect(twin).toMatchObject({ id: row.id, reused: true });

    const done = await waitForStatus(row.id, ["done", "failed"]);
    expect(done.status, done.error ?? "").toBe("done");
    const expected = await sql<{ job_id: string }[]>`select job_id from warehouse.jobs where tenant_id = ${org.tenantIds[0]}
      and submitted_at < ${row.toAsOf?.toISOString() ?? ""}::timestamptz order by submitted_at, id`;
    const ids = await jobIdsIn(done.storageKey);
    expect(ids).toEqual(expected.map((r) => r.job_id));
    expect(ids.at(-1)).toBe("job-just-before");
    expect(ids).not.toContain("job-stamped-later");
  });

  it("rows inserted after the request are not in a retry", async () => {
    const { org, analyst } = await openOrg();
    const row = await createExport(service, actor(analyst.id), org.organizationId, requestFor(org, { ...jobsOnly, from: "2026-06-01", to: undefined }));
    const asOf = row.toAsOf;
    if (!asOf) throw new Error("an open end records its request time");
    const key = `${org.organizationId}/${row.id}.zip`;
    let added = 0;
    // The first attempt fails at storing its file; meanwhile new records arrive, stamped after the request.
    failing.set(key, {
      left: 1,
      onFail: async () => {
        for (let i = 0; i < 5; i++) await addJob(org, `job-late-${i}`, new Date(Math.max(Date.now(), asOf.getTime() + 1)).toISOString());
        added += 5;
      },
    });
    const done = await waitForStatus(row.id, ["done", "failed"]);
    expect(done.status, done.error ?? "").toBe("done");
    expect(added, "the first attempt failed and rows arrived before the retry").toBe(5);
    const [{ n }] = await sql<{ n: number }[]>`select count(*)::int as n from warehouse.jobs where tenant_id = ${org.tenantIds[0]}
      and submitted_at >= '2026-06-01T00:00:00+02:00' and submitted_at < ${asOf.toISOString()}::timestamptz`;
    expect(n).toBeGreaterThan(0);
    const ids = await jobIdsIn(done.storageKey);
    expect(ids.filter((id) => id.startsWith("job-late-"))).toEqual([]);
    expect(ids).toHaveLength(n);
    expect(done.rowCount).toBe(n);
    expect(done.toAsOf?.getTime()).toBe(asOf.getTime());
  });
});

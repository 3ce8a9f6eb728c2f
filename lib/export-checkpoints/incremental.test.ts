import path from "node:path";
import { describe, expect, it } from "vitest";
import { createExport, type ExportDeps } from "@/lib/export-requests/service";
import { createLocalStorage } from "@/lib/exports";
import { exportRow, orgWithData, requestFor, uniqueDir } from "@/test/export-flow";
import { addMember, createUser, testDb, type TestOrg } from "@/test/factories";
import { produceThroughSteps } from "@/test/exports/run-steps";
import { unzip } from "@/test/exports/support";
import type { RunDeps } from "../export-runs/deps";
import { claimRunSlot, estimateExport, markDone, markFailed } from "../export-runs/run";

/*
 * Incremental exports against the real database and warehouse, the run's steps called one after another:
 * every row arrives in exactly one export of a stream, however its transaction commits.
 */
const { db, sql } = testDb();
const dir = uniqueDir("incremental");
const storeDir = path.join(dir, "exports");
const storage = createLocalStorage(storeDir);
const deps: RunDeps = { db, warehouse: sql, storage, tmpDir: path.join(dir, "tmp"), pollMs: 100 };
const service: ExportDeps = {
  db,
  warehouse: sql,
  events: { requested: async () => {}, cancelled: async () => {} },
  deleteFile: (key) => storage.delete(key),
  fileExists: async (key) => (await storage.stat(key)) !== null,
};
const actor = (userId: string) => ({ userId, context: { ip: null, userAgent: null } });

type Tx = Pick<typeof sql, "unsafe">;
/** Jobs stamped at `at` (in 2024, inside the requests' dates), written by `tx`, ids ascending. */
async function addJobs(tx: Tx, org: TestOrg, names: string[], at = "2024-06-01T12:00:00Z") {
  for (const name of names) {
    await tx.unsafe(
      `insert into warehouse.jobs (organization_id, tenant_id, project_id, app_id, job_id, user_name, queue, submitted_at, nodes, cores, exit_state)
       values ($1, $2, $3, $4, $5, 'ann', 'batch', $6, 1, 1, 'completed')`,
      [org.organizationId, org.tenantIds[0], org.projectIds[0], org.appIds[0], name, at],
    );
  }
}

/** The first column of every data row of every CSV in the archive, per file name prefix (the realm with several). */
async function rowsOf(storageKey: string | null): Promise<Record<string, string[]>> {
  const entries = await unzip(path.join(storeDir, storageKey ?? "missing"));
  const out: Record<string, string[]> = {};
  for (const [name, bytes] of entries) {
    if (!name.endsWith(".csv")) continue;
    const realm = name.split(/[-.]/)[0] ?? name;
    const lines = bytes.toString("utf8").trim().split(/\r?\n/).slice(1).filter(Boolean);
    (out[realm] ??= []).push(...lines.map((l) => l.split(",")[0] ?? ""));
  }
  return out;
}

/** Requests an export as the API does and runs every step of it to done. */
async function exportDone(org: TestOrg, userId: string, change: Record<string, unknown>, targetRows?: number) {
  const created = await createExport(service, actor(userId), org.organizationId, requestFor(org, change));
  expect(await claimRunSlot(deps, created.id)).toBe("started");
  await estimateExport(deps, created.id);
  const result = await produceThroughSteps(deps, created.id, { targetRows });
  if (result.cancelled) throw new Error("the export stopped");
  expect(await markDone(deps, created.id, result)).not.toBeNull();
  const row = await exportRow(created.id);
  return { row, rows: await rowsOf(row.storageKey) };
}

const JOB_IDS = { fields: ["job_id", "nodes"] };
const allOf = (rows: Record<string, string[]>) => Object.values(rows).flat();

describe("an incremental export", () => {
  it("with transactions committing out of order: every row lands in exactly one export", async () => {
    const { org, analyst } = await orgWithData(20);
    const seeded = (
      await sql<{ job_id: string }[]>`select job_id from warehouse.jobs where organization_id = ${org.organizationId}
        and submitted_at >= '2024-01-01T00:00:00+01:00' and submitted_at < '2025-01-01T00:00:00+01:00'`
    ).map((r) => r.job_id);
    // A writes first (lower ids) and stays open; B writes later (higher ids) and commits.
    const a = await sql.reserve();
    try {
      await a.unsafe("begin");
      await addJobs(a, org, ["late-a1", "late-a2"]);
      await addJobs(sql, org, ["early-b1", "early-b2"]);
      const first = await exportDone(org, analyst.id, { ...JOB_IDS, incremental: true });
      expect(first.row.sinceExportId, "the first export of a stream is a full one").toBeNull();
      expect(first.row.checkpointToken).toMatch(/^ckpt_[A-Za-z0-9_-]{32}$/);
      expect(allOf(first.rows).sort()).toEqual([...seeded, "early-b1", "early-b2"].sort());
      await a.unsafe("commit");

      const second = await exportDone(org, analyst.id, { ...JOB_IDS, since: first.row.checkpointToken });
      expect(second.row.sinceExportId).toBe(first.row.id);
      // A committed after export 1's snapshot: its rows come now, although their ids are lower than B's.
      expect(allOf(second.rows).sort()).toEqual(["late-a1", "late-a2"]);
      expect(second.row.rowsEstimate, "the estimate counts the same arrivals as the partitions").toBe(2);
      expect(second.row.checkpointToken).not.toBe(first.row.checkpointToken);
    } finally {
      // Never hand a connection back inside an open transaction (a failed assertion above would).
      await a.unsafe("rollback").catch(() => {});
      a.release();
    }
  });

  it("rows stamped the same instant on both sides of a checkpoint are neither lost nor repeated", async () => {
    const { org, analyst } = await orgWithData(5);
    const tie = "2024-03-03T03:03:03Z";
    await addJobs(sql, org, ["tie-1", "tie-2"], tie);
    const first = await exportDone(org, analyst.id, { ...JOB_IDS });
    await addJobs(sql, org, ["tie-3", "tie-4"], tie);
    const second = await exportDone(org, analyst.id, { ...JOB_IDS, previousExport: first.row.checkpointToken });
    expect(allOf(first.rows)).toEqual(expect.arrayContaining(["tie-1", "tie-2"]));
    expect(allOf(second.rows).sort()).toEqual(["tie-3", "tie-4"]);
    const third = await exportDone(org, analyst.id, { ...JOB_IDS, incremental: true });
    expect(third.row.sinceExportId, "incremental: true continues the newest done export").toBe(second.row.id);
    expect(third.row.rowCount, "nothing new: done, no new rows").toBe(0);
  });

  it("rows committed after the export was planned are not in it, and come with the next", async () => {
    const { org, analyst } = await orgWithData(5);
    const created = await createExport(service, actor(analyst.id), org.organizationId, requestFor(org, JOB_IDS));
    expect(await claimRunSlot(deps, created.id)).toBe("started");
    await estimateExport(deps, created.id);
    // Planned: the snapshot is pinned. A row that commits now, before any partition runs, belongs to the next export.
    await addJobs(sql, org, ["after-plan"]);
    const result = await produceThroughSteps(deps, created.id, { targetRows: 5 });
    if (result.cancelled) throw new Error("the export stopped");
    await markDone(deps, created.id, result);
    const first = await exportRow(created.id);
    expect(allOf(await rowsOf(first.storageKey))).not.toContain("after-plan");
    const second = await exportDone(org, analyst.id, { ...JOB_IDS, since: first.checkpointToken });
    expect(allOf(second.rows)).toEqual(["after-plan"]);
  });

  it("a corrected lab result arrives again", async () => {
    const { org } = await orgWithData(5);
    const admin = await createUser(db, "lab-admin");
    await addMember(db, org, admin.id, "admin");
    const fields = { realm: "lab-results", fields: ["id", "value"] };
    const first = await exportDone(org, admin.id, fields);
    const [fixed] = await sql<{ id: string }[]>`update warehouse.lab_results set value = 42 where id = (select min(id) from warehouse.lab_results
      where organization_id = ${org.organizationId} and collected_at >= '2024-02-01' and collected_at < '2024-12-01') returning id::text`;
    const second = await exportDone(org, admin.id, { ...fields, since: first.row.checkpointToken });
    expect(allOf(second.rows)).toEqual([fixed?.id]);
  });

  it("a failed export leaves the previous checkpoint in force", async () => {
    const { org, analyst } = await orgWithData(5);
    const first = await exportDone(org, analyst.id, JOB_IDS);
    await addJobs(sql, org, ["after-1"]);
    const failing = await createExport(service, actor(analyst.id), org.organizationId, requestFor(org, { ...JOB_IDS, incremental: true }));
    expect(await claimRunSlot(deps, failing.id)).toBe("started");
    await estimateExport(deps, failing.id);
    expect(await markFailed(deps, failing.id, "the disk broke")).toBe(true);
    expect((await exportRow(failing.id)).checkpointToken, "a failed export hands out no checkpoint").toBeNull();
    const next = await exportDone(org, analyst.id, { ...JOB_IDS, incremental: true });
    expect(next.row.sinceExportId).toBe(first.row.id);
    expect(allOf(next.rows)).toEqual(["after-1"]);
  });

  it("with several realms and several partitions, each realm's new rows come once", async () => {
    const { org, analyst } = await orgWithData(300);
    const realms = [
      { realm: "jobs", fields: ["job_id"] },
      { realm: "events", fields: ["id"] },
    ];
    const request = { realm: undefined, realms };
    const first = await exportDone(org, analyst.id, request, 50);
    const [planned] = await sql<{ n: number }[]>`select count(*)::int as n from export_partitions where export_id = ${first.row.id}`;
    expect(planned?.n, "each realm was produced as several partitions").toBeGreaterThanOrEqual(6);
    await addJobs(sql, org, ["multi-1", "multi-2"], "2024-02-02T00:00:00Z");
    const [event] = await sql<{ id: string }[]>`insert into warehouse.events (organization_id, tenant_id, project_id, app_id, event_time, event_type,
      device_id, session_id, platform) values (${org.organizationId}, ${org.tenantIds[0]}, ${org.projectIds[0]}, ${org.appIds[0]}, '2024-05-05T05:05:05Z',
      'tap', 'd1', 's1', 'web') returning id::text`;
    const second = await exportDone(org, analyst.id, { ...request, since: first.row.checkpointToken }, 50);
    expect(second.rows.jobs?.sort()).toEqual(["multi-1", "multi-2"]);
    expect(second.rows.events).toEqual([event?.id]);
    const total = await sql<{ n: number }[]>`select (select count(*) from warehouse.jobs where organization_id = ${org.organizationId}
        and submitted_at >= '2024-01-01T00:00:00+01:00' and submitted_at < '2025-01-01T00:00:00+01:00')::int
      + (select count(*) from warehouse.events where organization_id = ${org.organizationId}
        and event_time >= '2024-01-01T00:00:00+01:00' and event_time < '2025-01-01T00:00:00+01:00')::int as n`;
    expect(allOf(first.rows).length + allOf(second.rows).length).toBe(total[0]?.n);
  });
});

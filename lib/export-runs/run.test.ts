import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { cancelExport, createExport, type ExportDeps } from "@/lib/export-requests/service";
import { createLocalStorage, type ExportStorage } from "@/lib/exports";
import { waitFor } from "@portal/inngest-engine/testing";
import { exportRow, filesUnder, orgWithData, requestFor, sha256File, uniqueDir } from "@/test/export-flow";
import { testDb } from "@/test/factories";
import { SupersededError } from "./attempts";
import type { RunDeps } from "./deps";
import { produceThroughSteps } from "@/test/exports/run-steps";
import { claimRunSlot, discardPartitions, markDone } from "./run";

/*
 * The steps of an export run called directly, against the real database, warehouse rows and local storage:
 * what happens when a cancel or a newer attempt arrives while an attempt is still at work.
 */
const { db, sql } = testDb();
const dir = uniqueDir("runs");
const tmpDir = path.join(dir, "tmp");
const storeDir = path.join(dir, "exports");
const local = createLocalStorage(storeDir);
/** Puts of keys in here wait until the test lets them go on. */
const heldPuts = new Map<string, { reached: () => void; release: Promise<void> }>();
const storage: ExportStorage = {
  ...local,
  async put(key, source, opts) {
    const held = heldPuts.get(key);
    const result = await local.put(key, source, opts);
    if (held) {
      held.reached();
      await held.release;
    }
    return result;
  },
};
const deps: RunDeps = { db, warehouse: sql, storage, tmpDir, pollMs: 100 };
const noEvents = { requested: async () => {}, cancelled: async () => {} };
const service: ExportDeps = {
  db,
  warehouse: sql,
  events: noEvents,
  deleteFile: (key) => storage.delete(key),
  fileExists: async (key) => (await storage.stat(key)) !== null,
};
const actor = (userId: string) => ({ userId, context: { ip: null, userAgent: null } });

async function runningExport(rows: number, change: Record<string, unknown> = {}) {
  const { org, analyst } = await orgWithData(rows);
  const row = await createExport(service, actor(analyst.id), org.organizationId, requestFor(org, change));
  expect(await claimRunSlot(deps, row.id)).toBe("started");
  const cancel = () => cancelExport(service, actor(analyst.id), { organizationId: org.organizationId, tenantId: org.tenantIds[0], id: row.id });
  return { row, org, cancel, key: `${org.organizationId}/${row.id}.zip` };
}

const scratchOf = (id: string) => (fs.existsSync(tmpDir) ? fs.readdirSync(tmpDir).filter((name) => name.startsWith(id)) : []);
const storedFiles = (orgId: string) => filesUnder(path.join(storeDir, orgId));

/** Warehouse sessions of an export still open on the server (each partition's names its export). */
async function warehouseSessions(id: string): Promise<number> {
  const [{ n }] = await sql<{ n: number }[]>`select count(*)::int as n from pg_stat_activity where application_name like ${`export ${id}%`}`;
  return n;
}

describe("a cancel while the archive is being stored", () => {
  it("arriving after the file was stored: the late mark-done leaves the export cancelled and deletes the file", async () => {
    const { row, org, cancel } = await runningExport(1_000);
    const result = await produceThroughSteps(deps, row.id);
    if (result.cancelled) throw new Error("the export was not produced");
    // The archive, and its one partition's output until the export is done.
    expect(storedFiles(org.organizationId).sort()).toEqual(
      [path.join(storeDir, result.storageKey), path.join(storeDir, `${org.organizationId}/${row.id}.partitions/0001.zip`)].sort(),
    );
    await cancel();
    expect(await markDone(deps, row.id, result)).toBeNull();
    const after = await exportRow(row.id);
    expect(after).toMatchObject({ status: "cancelled", storageKey: null, sha256: null });
    expect(storedFiles(org.organizationId)).toEqual([]);
  });

  it("arriving while the file is on its way: the attempt reports the cancel and deletes the file", async () => {
    const { row, org, cancel, key } = await runningExport(1_000);
    let reached = () => {};
    let release = () => {};
    const atPut = new Promise<void>((resolve) => (reached = resolve));
    heldPuts.set(key, { reached, release: new Promise<void>((resolve) => (release = resolve)) });
    const attempt = produceThroughSteps(deps, row.id);
    await atPut;
    expect(storedFiles(org.organizationId)).toContain(path.join(storeDir, key));
    await cancel();
    release();
    expect(await attempt).toEqual({ cancelled: true });
    expect((await exportRow(row.id)).status).toBe("cancelled");
    // The archive is gone at once; the partitions' outputs go as the cancel's clean-up run does it.
    expect(storedFiles(org.organizationId)).toEqual([path.join(storeDir, `${org.organizationId}/${row.id}.partitions/0001.zip`)]);
    await discardPartitions(deps, row.id);
    expect(storedFiles(org.organizationId)).toEqual([]);
    expect(scratchOf(row.id)).toEqual([]);
  });
});

describe("a superseded attempt", () => {
  it("stops when the engine stops waiting for it: its query ends, its scratch files go and nothing is stored", async () => {
    const { row, org } = await runningExport(150_000, { format: "xlsx" });
    const request = new AbortController();
    const attempt = produceThroughSteps(deps, row.id, { superseded: request.signal });
    const outcome = attempt.then(
      () => "finished",
      (error: unknown) => error,
    );
    await waitFor("progress", async () => ((await exportRow(row.id)).rowsProcessed > 0 ? true : undefined), 60_000);
    expect(await warehouseSessions(row.id)).toBe(1);
    const abortedAt = Date.now();
    request.abort();
    expect(await outcome).toBeInstanceOf(SupersededError);
    expect(Date.now() - abortedAt).toBeLessThan(3_000);
    expect(await warehouseSessions(row.id)).toBe(0);
    expect(scratchOf(row.id)).toEqual([]);
    expect(storedFiles(org.organizationId)).toEqual([]);
    // Not a cancel: the export is still running, for the retry to finish.
    expect((await exportRow(row.id)).status).toBe("running");
  });

  it("is stopped by a newer attempt in the same process before that one starts, so they never run side by side", async () => {
    const { row, org } = await runningExport(150_000, { format: "xlsx" });
    const first = produceThroughSteps(deps, row.id).then(
      () => "finished",
      (error: unknown) => error,
    );
    await waitFor("progress", async () => ((await exportRow(row.id)).rowsProcessed > 0 ? true : undefined), 60_000);
    let most = 0;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        most = Math.max(most, await warehouseSessions(row.id));
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    })();
    const second = await produceThroughSteps(deps, row.id);
    sampling = false;
    await sampler;
    expect(await first).toBeInstanceOf(SupersededError);
    expect(most).toBe(1);
    if (second.cancelled) throw new Error("the newer attempt did not produce the archive");
    expect(storedFiles(org.organizationId)).toContain(path.join(storeDir, second.storageKey));
    expect(sha256File(path.join(storeDir, second.storageKey))).toBe(second.sha256);
    expect(scratchOf(row.id)).toEqual([]);
    expect(await warehouseSessions(row.id)).toBe(0);
  });
});

describe("an attempt that fails", () => {
  it("leaves no scratch directory behind", async () => {
    const { row } = await runningExport(1_000);
    await sql`update exports set fields = array['job_id', 'retired_field'] where id = ${row.id}`;
    await expect(produceThroughSteps(deps, row.id)).rejects.toThrow(/retired_field/);
    expect(scratchOf(row.id)).toEqual([]);
  });
});

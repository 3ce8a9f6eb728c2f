import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listPartitions } from "@/db/queries/export-partitions";
import { createExport, type ExportDeps } from "@/lib/export-requests/service";
import { killHard, startEngineProcess, testKeys, uniqueSchema, waitFor } from "@portal/inngest-engine/testing";
import { unzip } from "@/test/exports/support";
import { filesUnder, orgWithData, requestFor, sha256File, uniqueDir, waitForStatus } from "@/test/export-flow";
import { testDb } from "@/test/factories";
import { freePort } from "@/test/free-port";
import { alive, announcedWorkerPids } from "@/test/processes";
import { buildWorkers } from "./bundle";

/*
 * An export of eight partitions run by the real workers (workers/main.ts, a cluster of two) and the engine
 * in its own process, as `npm start` runs them. Everything but the database is killed outright while some
 * partitions are done and others running; started again, the export finishes exactly, and no finished
 * partition is produced again. Then one worker alone is killed mid-export: the other finishes its work.
 */
const { db, sql } = testDb();
const keys = testKeys();
const schema = uniqueSchema("partitions_kill");
const dataDir = uniqueDir("partitions-kill");
const storeDir = path.join(dataDir, "exports");
let enginePort: number;
let workerPort: number;
let engine: ChildProcess | undefined;
let primary: ChildProcess | undefined;
let output = "";
let service: ExportDeps;

const workerPids = () => announcedWorkerPids(output);
const actor = (userId: string) => ({ userId, context: { ip: "127.0.0.1", userAgent: "vitest" } });

async function startWorkers(): Promise<void> {
  output = "";
  primary = spawn(process.execPath, [await buildWorkers()], {
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      WORKERS: "2",
      WORKER_PORT: String(workerPort),
      WORKER_HOST: "127.0.0.1",
      APP_URL: "https://portal.example",
      INNGEST_BASE_URL: `http://127.0.0.1:${enginePort}`,
      INNGEST_SIGNING_KEY: keys.signingKey,
      INNGEST_EVENT_KEY: keys.eventKey,
      INNGEST_DEV: "0",
      EXPORT_PARTITION_ROWS: "5200",
      EXPORT_PARTITIONS_PER_EXPORT: "2",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const proc = primary;
  proc.stdout?.on("data", (c: Buffer) => (output += c.toString()));
  proc.stderr?.on("data", (c: Buffer) => (output += c.toString()));
  await waitFor("the workers to listen", () => workerPids().length === 2 || (proc.exitCode !== null ? Promise.reject(new Error(output)) : false), 90_000);
  const sync = await fetch(`http://127.0.0.1:${workerPort}/api/inngest`, { method: "PUT" });
  expect(sync.status).toBe(200);
}

async function killAll(): Promise<void> {
  const pids = workerPids();
  await killHard(primary);
  for (const pid of pids) if (alive(pid)) process.kill(pid, "SIGKILL");
  await killHard(engine);
  await waitFor("every worker to exit", () => pids.every((p) => !alive(p)), 15_000);
}

beforeAll(async () => {
  enginePort = await freePort();
  workerPort = await freePort();
  engine = await startEngineProcess({ port: enginePort, schema, keys, dataDir });
  Object.assign(process.env, {
    INNGEST_BASE_URL: `http://127.0.0.1:${enginePort}`,
    INNGEST_SIGNING_KEY: keys.signingKey,
    INNGEST_EVENT_KEY: keys.eventKey,
    INNGEST_DEV: "0",
  });
  fs.mkdirSync(path.join(dataDir, "tmp"), { recursive: true });
  await startWorkers();
  const { inngestExportEvents } = await import("@/inngest/export-events");
  service = { db, warehouse: sql, events: inngestExportEvents, deleteFile: async () => {}, fileExists: async () => true };
}, 120_000);

afterAll(async () => {
  await killHard(primary);
  for (const pid of workerPids()) if (alive(pid)) process.kill(pid, "SIGKILL");
  await killHard(engine);
});

/** The archive's job ids against the warehouse's, in order, and its checksum against the recorded one. */
async function expectExact(id: string, tenantId: string) {
  const done = await waitForStatus(id, ["done", "failed", "cancelled"], 300_000);
  expect(done.error).toBeNull();
  expect(done.status).toBe("done");
  const expected = (
    await sql<{ job_id: string }[]>`select job_id from warehouse.jobs where tenant_id = ${tenantId}
      and submitted_at >= '2024-01-01T00:00:00+01:00' and submitted_at < '2025-01-01T00:00:00+01:00' order by submitted_at, id`
  ).map((r) => r.job_id);
  expect(done.rowCount).toBe(expected.length);
  const stored = filesUnder(storeDir).filter((f) => f.includes(id));
  expect(stored).toEqual([path.join(storeDir, done.storageKey ?? "missing")]);
  expect(sha256File(stored[0] ?? "")).toBe(done.sha256);
  const entries = await unzip(stored[0] ?? "");
  const ids = [...entries]
    .filter(([name]) => name.endsWith(".csv"))
    .flatMap(([, data]) => data.toString("utf8").trim().split(/\r?\n/).slice(1))
    .map((line) => line.split(",")[0]);
  expect(ids).toEqual(expected);
}

describe("partitions run by the workers", () => {
  it("after kill -9 of engine and workers with some of 8 partitions done, go on from the unfinished ones", { timeout: 600_000 }, async () => {
    const { org, analyst } = await orgWithData(100_000);
    const row = await createExport(service, actor(analyst.id), org.organizationId, requestFor(org, { fields: ["job_id", "submitted_at", "user_name"] }));
    const partitions = await waitFor(
      "some partitions done and others running",
      async () => {
        const parts = await listPartitions(db, row.id);
        const done = parts.filter((p) => p.status === "done").length;
        return done >= 2 && done < parts.length - 1 ? parts : undefined;
      },
      120_000,
    );
    expect(partitions.length).toBe(8);
    await killAll();
    const finished = (await listPartitions(db, row.id)).filter((p) => p.status === "done");
    expect(finished.length).toBeLessThan(8);

    engine = await startEngineProcess({ port: enginePort, schema, keys, dataDir });
    await startWorkers();
    await expectExact(row.id, org.tenantIds[0]);
    const after = await listPartitions(db, row.id);
    // A finished partition is never produced again.
    for (const p of finished) expect(after.find((a) => a.index === p.index)).toMatchObject({ status: "done", attempts: 1, completedAt: p.completedAt });
    expect(after.every((p) => p.status === "done")).toBe(true);
  });

  it("after kill -9 of one worker mid-export, finish on the other", { timeout: 600_000 }, async () => {
    const { org, analyst } = await orgWithData(100_000);
    const row = await createExport(
      service,
      actor(analyst.id),
      org.organizationId,
      requestFor(org, { format: "csv+ndjson", fields: ["job_id", "submitted_at", "user_name"] }),
    );
    await waitFor(
      "a partition to be running",
      async () => ((await listPartitions(db, row.id)).some((p) => p.status === "running") ? true : undefined),
      120_000,
    );
    const [victim] = workerPids();
    process.kill(victim, "SIGKILL");
    await waitFor("the worker to exit", () => !alive(victim), 15_000);
    await expectExact(row.id, org.tenantIds[0]);
    expect((await listPartitions(db, row.id)).every((p) => p.status === "done")).toBe(true);
  });
});

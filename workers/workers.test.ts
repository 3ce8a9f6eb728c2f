import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Engine } from "@portal/inngest-engine";
import { killHard, pointAppAtEngine, startTestEngine, waitFor } from "@portal/inngest-engine/testing";
import { createExport, type ExportDeps } from "@/lib/export-requests/service";
import { emailsFor, exportRow, filesUnder, orgWithData, requestFor, sha256File, uniqueDir, waitForStatus } from "@/test/export-flow";
import { testDb } from "@/test/factories";
import { freePort } from "@/test/free-port";
import { alive, announcedWorkerPids } from "@/test/processes";
import { buildWorkers } from "./bundle";

/*
 * The workers as `npm start` runs them: workers/main.ts in its own process, a cluster of two, on a port of
 * its own, registered with a real engine, running real exports against the real database. No web app
 * runs here at all: the export is requested through the export service, as the web app requests it.
 */
const { db, sql } = testDb();
const dataDir = uniqueDir("workers");
const tmpDir = path.join(dataDir, "tmp");
const storeDir = path.join(dataDir, "exports");
const schema = `engine_workers_${process.pid}`;
let engine: Engine;
let port: number;
let primary: ChildProcess;
let output = "";
let service: ExportDeps;
/** Every scratch directory the workers opened, by name (lib/export-runs/scratch.ts). */
const scratch = new Set<string>();
let watcher: fs.FSWatcher;

/** The worker pids the primary announced: at start, and each one that took a dead one's place. */
const workerPids = () => announcedWorkerPids(output);
/** Processes that produced a piece of the export: its partitions' and its assembly's scratch directories are `<exportId>-<piece>.<host>.<pid>.<random>`. */
const scratchPids = (exportId: string) => new Set([...scratch].filter((n) => n.startsWith(`${exportId}-`)).map((n) => Number(n.split(".")[2])));
const actor = (userId: string) => ({ userId, context: { ip: "127.0.0.1", userAgent: "vitest" } });

beforeAll(async () => {
  const started = await startTestEngine("workers", { schema, retryBaseDelayMs: 300 });
  engine = started.engine;
  pointAppAtEngine(started);
  port = await freePort();
  fs.mkdirSync(tmpDir, { recursive: true });
  watcher = fs.watch(tmpDir, (_event, name) => void (name && scratch.add(name)));
  primary = spawn(process.execPath, [await buildWorkers()], {
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      WORKERS: "2",
      WORKER_PORT: String(port),
      WORKER_HOST: "127.0.0.1",
      APP_URL: "https://portal.example",
      // Several partitions for the first export's rows.
      EXPORT_PARTITION_ROWS: "5000",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  primary.stdout?.on("data", (c: Buffer) => (output += c.toString()));
  primary.stderr?.on("data", (c: Buffer) => (output += c.toString()));
  await waitFor("two workers to listen", () => workerPids().length === 2 || (primary.exitCode !== null ? Promise.reject(new Error(output)) : false), 90_000);
  // As the launcher syncs; a forged Host must not change the address the engine is given.
  const sync = await fetch(`http://127.0.0.1:${port}/api/inngest`, { method: "PUT", headers: { host: "attacker.example" } });
  expect(sync.status).toBe(200);
  const { inngestExportEvents } = await import("@/inngest/export-events");
  service = { db, warehouse: sql, events: inngestExportEvents, deleteFile: async () => {}, fileExists: async () => true };
}, 150_000);

afterAll(async () => {
  watcher?.close();
  // killHard waits for an exit unless exitCode is set, which a process killed by a signal never sets.
  if (primary && primary.exitCode === null && primary.signalCode === null) await killHard(primary);
  await engine?.stop();
});

async function expectExact(id: string, realmFilter: { tenantId: string }) {
  const done = await waitForStatus(id, ["done", "failed", "cancelled"], 240_000);
  expect(done.error).toBeNull();
  expect(done.status).toBe("done");
  const [{ n }] = await sql<{ n: number }[]>`select count(*)::int as n from warehouse.jobs where tenant_id = ${realmFilter.tenantId}
    and submitted_at >= '2024-01-01T00:00:00+01:00' and submitted_at < '2025-01-01T00:00:00+01:00'`;
  expect(done.rowCount).toBe(n);
  const stored = filesUnder(storeDir).filter((f) => f.includes(id));
  expect(stored).toEqual([path.join(storeDir, done.storageKey ?? "missing")]);
  expect(sha256File(stored[0] ?? "")).toBe(done.sha256);
  return done;
}

describe("the functions served by the workers", () => {
  it("are registered at the workers' address, and run an export to done in a worker process", async () => {
    const apps = await sql.unsafe<{ url: string }[]>(`select url from "${schema}".apps`);
    expect(apps.map((a) => a.url)).toEqual([`http://127.0.0.1:${port}/api/inngest`]);
    const urls = await sql.unsafe<{ url: string }[]>(`select config->>'url' as url from "${schema}".functions order by 1`);
    // run-export, its partitions, the assembly (each with its onFailure), the clean-up after a cancel, the
    // email, the expiry sweep, the two webhook functions, the schedules' tick and the copy to a schedule's
    // bucket (with its onFailure): every step URL is the workers'.
    expect(urls.map((u) => new URL(u.url).origin)).toEqual(Array(14).fill(`http://127.0.0.1:${port}`));

    const { org, analyst } = await orgWithData(40_000);
    const row = await createExport(service, actor(analyst.id), org.organizationId, requestFor(org));
    await expectExact(row.id, { tenantId: org.tenantIds[0] });
    const ran = [...scratchPids(row.id)];
    expect(ran.length).toBeGreaterThan(0);
    for (const pid of ran) expect(workerPids()).toContain(pid);
    // Its partitions ran in both processes: the primary places each call on the less busy worker, where
    // cluster's round robin over kept-alive connections often put them all in one.
    const [{ partitions }] = await sql<{ partitions: number }[]>`select count(*)::int as partitions from export_partitions where export_id = ${row.id}`;
    expect(partitions).toBeGreaterThanOrEqual(2);
    const partitionPids = Array.from({ length: partitions }, (_, i) =>
      [...scratch].filter((n) => n.startsWith(`${row.id}-${i + 1}.`)).map((n) => Number(n.split(".")[2])),
    );
    expect(partitionPids.every((p) => p.length === 1)).toBe(true);
    expect(new Set(partitionPids.flat()).size).toBe(2);
    const mail = await waitFor("the ready email", async () => (await emailsFor(row.id)).find((m) => m.dedupeKey === `export-${row.id}-ready`));
    expect(mail.text).toContain(`https://portal.example/exports/${row.id}/download`);
  });

  it("finish an export exactly when the worker running it is killed outright: another takes the retried step", async () => {
    const { org, analyst } = await orgWithData(150_000);
    const row = await createExport(service, actor(analyst.id), org.organizationId, requestFor(org, { format: "xlsx" }));
    await waitFor("the export to be producing rows", async () => ((await exportRow(row.id)).rowsProcessed > 0 ? true : undefined), 120_000);
    const [victim] = [...scratchPids(row.id)];
    expect(workerPids()).toContain(victim);
    const survivor = workerPids().find((p) => p !== victim);
    process.kill(victim ?? 0, "SIGKILL");
    const replacement = await waitFor(
      "the primary to replace the killed worker",
      () => new RegExp(`Worker ${victim} exited \\(SIGKILL\\); worker (\\d+) takes its place`).exec(output)?.[1],
      30_000,
    );
    expect(alive(Number(replacement))).toBe(true);

    await expectExact(row.id, { tenantId: org.tenantIds[0] });
    // The retried step ran in another process: the survivor or the replacement.
    const after = [...scratchPids(row.id)].filter((p) => p !== victim);
    expect(after.length).toBeGreaterThan(0);
    for (const pid of after) expect(workerPids()).toContain(pid);
    expect(alive(survivor ?? 0)).toBe(true);
    await waitFor("scratch space to be released", () => (filesUnder(tmpDir).some((f) => f.includes(row.id)) ? undefined : true), 30_000);
  }, 300_000);

  it("end with their primary when it is killed outright", async () => {
    const pids = workerPids().filter(alive);
    expect(pids.length).toBe(2);
    await killHard(primary);
    await waitFor("every worker to exit", () => pids.every((p) => !alive(p)), 15_000);
  });
});

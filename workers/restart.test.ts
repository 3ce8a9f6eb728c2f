import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Engine } from "@portal/inngest-engine";
import { delay, killHard, pointAppAtEngine, startTestEngine, waitFor } from "@portal/inngest-engine/testing";
import { createExport, type ExportDeps } from "@/lib/export-requests/service";
import { exportRow, filesUnder, orgWithData, requestFor, sha256File, uniqueDir, waitForStatus } from "@/test/export-flow";
import { testDb } from "@/test/factories";
import { freePort } from "@/test/free-port";
import { alive, announcedWorkerPids } from "@/test/processes";
import { buildWorkers } from "./bundle";

/*
 * The workers killed outright mid-export, kept down for three minutes (a slow restart, a deploy, a build),
 * then started on another port and synced, as `npm start` would after a restart with a different
 * WORKER_PORT. The engine waits for them without using up the function's retries, calls the new address,
 * and the export finishes exactly. Its own file: it takes over three minutes and runs beside the others.
 */
const { db, sql } = testDb();
const dataDir = uniqueDir("workers-moved");
const storeDir = path.join(dataDir, "exports");
const schema = `engine_workers_moved_${process.pid}`;
const DOWN_FOR_MS = 3 * 60 * 1000;
let engine: Engine;
let primary: ChildProcess | undefined;
let output = "";
let service: ExportDeps;

const workerPids = () => announcedWorkerPids(output);
const actor = (userId: string) => ({ userId, context: { ip: "127.0.0.1", userAgent: "vitest" } });

/** workers/main.ts as `npm start` runs it, on `port`, synced with the engine once it listens. */
async function startWorkers(port: number): Promise<void> {
  output = "";
  primary = spawn(process.execPath, [await buildWorkers()], {
    env: { ...process.env, DATA_DIR: dataDir, WORKERS: "1", WORKER_PORT: String(port), WORKER_HOST: "127.0.0.1", APP_URL: "https://portal.example" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const proc = primary;
  proc.stdout?.on("data", (c: Buffer) => (output += c.toString()));
  proc.stderr?.on("data", (c: Buffer) => (output += c.toString()));
  await waitFor("the worker to listen", () => workerPids().length === 1 || (proc.exitCode !== null ? Promise.reject(new Error(output)) : false), 90_000);
  const sync = await fetch(`http://127.0.0.1:${port}/api/inngest`, { method: "PUT" });
  expect(sync.status).toBe(200);
}

beforeAll(async () => {
  const started = await startTestEngine("workers_moved", { schema, retryBaseDelayMs: 300 });
  engine = started.engine;
  pointAppAtEngine(started);
  fs.mkdirSync(path.join(dataDir, "tmp"), { recursive: true });
  const { inngestExportEvents } = await import("@/inngest/export-events");
  service = { db, warehouse: sql, events: inngestExportEvents, deleteFile: async () => {}, fileExists: async () => true };
}, 60_000);

afterAll(async () => {
  await killHard(primary);
  await engine?.stop();
});

describe("workers that come back on another port after three minutes down", () => {
  it("finish the export they were running, exactly", async () => {
    const firstPort = await freePort();
    await startWorkers(firstPort);
    const { org, analyst } = await orgWithData(150_000);
    const row = await createExport(service, actor(analyst.id), org.organizationId, requestFor(org, { format: "xlsx" }));
    await waitFor("the export to be producing rows", async () => ((await exportRow(row.id)).rowsProcessed > 0 ? true : undefined), 120_000);

    // The whole cluster, killed outright: the primary, and its worker with it.
    const pids = workerPids();
    await killHard(primary);
    for (const pid of pids) if (alive(pid)) process.kill(pid, "SIGKILL");
    await waitFor("every worker to exit", () => pids.every((p) => !alive(p)), 15_000);
    await delay(DOWN_FOR_MS);

    // Three minutes on, the run is still waiting (not failed after its retries) and the export not failed.
    // The partition the workers had in hand is the run that waits for them.
    const [run] = await sql.unsafe<{ status: string }[]>(`select status from "${schema}".runs where function_id = 'data-export-portal-run-export-partition'`);
    expect(run.status).toBe("running");
    expect((await exportRow(row.id)).status).not.toBe("failed");
    const refused = await sql.unsafe<{ attempt: number; message: string }[]>(
      `select attempt, error->>'message' as message from "${schema}".calls where error is not null order by id`,
    );
    expect(refused.length).toBeGreaterThan(5);
    for (const call of refused) expect(call.message).toContain(`Could not reach http://127.0.0.1:${firstPort}`);
    // None of those waits used an attempt: every call so far was the function's first.
    expect(new Set(refused.map((call) => call.attempt))).toEqual(new Set([0]));

    const secondPort = await freePort();
    expect(secondPort).not.toBe(firstPort);
    await startWorkers(secondPort);
    const apps = await sql.unsafe<{ url: string }[]>(`select url from "${schema}".apps`);
    expect(apps.map((a) => a.url)).toEqual([`http://127.0.0.1:${secondPort}/api/inngest`]);

    const done = await waitForStatus(row.id, ["done", "failed", "cancelled"], 300_000);
    expect(done.error).toBeNull();
    expect(done.status).toBe("done");
    const [{ n }] = await sql<{ n: number }[]>`select count(*)::int as n from warehouse.jobs where tenant_id = ${org.tenantIds[0]}
      and submitted_at >= '2024-01-01T00:00:00+01:00' and submitted_at < '2025-01-01T00:00:00+01:00'`;
    expect(n).toBeGreaterThan(0);
    expect(done.rowCount).toBe(n);
    const stored = filesUnder(storeDir).filter((f) => f.includes(row.id));
    expect(stored).toEqual([path.join(storeDir, done.storageKey ?? "missing")]);
    expect(sha256File(stored[0] ?? "")).toBe(done.sha256);
  }, 900_000);
});

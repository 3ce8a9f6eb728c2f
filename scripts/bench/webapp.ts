/**
 * "The web app while two exports run": `npm run bench -- --webapp [--rows N] [--rounds N] [--seconds S] [--clients C]`.
 * Starts the portal as `npm start` does, on a database of its own: the embedded engine, two worker processes
 * (WORKERS=2, at WORKER_NICE as the launcher starts them) and the web app's production build served by
 * scripts/server.ts (built first when there is no build or a source changed since, as `npm start` does). C
 * clients (50), each with its own API token of the bench's analyst, keep C requests of
 * `GET /api/v1/exports/{id}` in flight for S seconds (15): idle, then while two N-row exports (2,000,000;
 * CSV and NDJSON, through the workers) run, in interleaved rounds. Every answer must be 200 and the
 * export's JSON. The target: busy p95 at most 1.5 times idle p95, both from this run.
 */
import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createDb } from "../../db/client";
import { runMigrations } from "../../db/migrate";
import { createApiToken } from "../../lib/api-tokens/service";
import { parseEnv } from "../../lib/config/env";
import { addMember, createOrg, createUser } from "../../test/factories";
import { freePort } from "../../test/free-port";
import { buildWorkers } from "../../workers/bundle";
import { needsBuild } from "../launcher/build";
import { run, waitFor } from "../launcher/processes";
import { exportAnswer, percentile, runLoad, type LoadResult, type Target } from "./http-load";
import { loadRealm } from "./load";
import { benchDatabase, cpuSeconds, loadAverage, sleep, startProcess, stopProcess } from "./processes";

const args = process.argv.slice(2);
const arg = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const ROWS = Number(arg("--rows") ?? 2_000_000);
const ROUNDS = Math.max(1, Number(arg("--rounds") ?? 2));
const SECONDS = Number(arg("--seconds") ?? 15);
const CLIENTS = Number(arg("--clients") ?? 50);
const TARGET = 1.5;
const WORKER_NICE = parseEnv().WORKER_NICE;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = (sorted.length - 1) / 2;
  return ((sorted[Math.floor(mid)] ?? 0) + (sorted[Math.ceil(mid)] ?? 0)) / 2;
};

interface Window {
  phase: "idle" | "busy";
  round: number;
  result: LoadResult;
  load: string;
  /** CPU the web app's process spent per request in this window. */
  cpuMsPerRequest: number;
  /** Busy windows: whether both exports were still running when the window ended. */
  stillRunning?: string;
}

function describe(w: Window): string {
  const r = w.result;
  const p = (q: number) => percentile(r.latenciesMs, q).toFixed(1);
  const failed = r.failures.count ? `, ${r.failures.count} WRONG ANSWERS (${r.failures.examples.join("; ")})` : "";
  return `${w.phase} ${w.round}: ${r.requests} requests in ${r.seconds.toFixed(1)} s (${(r.requests / r.seconds).toFixed(0)}/s), p50 ${p(50)} ms, p95 ${p(95)} ms, p99 ${p(99)} ms, max ${p(100)} ms, web app CPU ${w.cpuMsPerRequest.toFixed(1)} ms per request${failed}; ${w.load}${w.stillRunning ? `; ${w.stillRunning}` : ""}`;
}

async function main() {
  if (needsBuild(root)) {
    console.error("Building the web app (no build, or a source changed since the last one; this takes a few minutes)…");
    await run(
      process.execPath,
      [path.join(root, "node_modules/next/dist/bin/next"), "build"],
      { ...process.env, NODE_ENV: "production" },
      "next build",
      20 * 60_000,
    );
  } else console.error("Reusing the web app's build in .next (no source changed since).");

  const { tmp, url, close } = await benchDatabase("webapp", process.env.DATABASE_URL);
  const started: ChildProcess[] = [];
  const { db, sql } = createDb(url, 4);
  try {
    await runMigrations(url);
    const keys = { INNGEST_SIGNING_KEY: `signkey-bench-${randomBytes(32).toString("hex")}`, INNGEST_EVENT_KEY: randomBytes(24).toString("hex") };
    const [enginePort, workerPort, webPort] = [await freePort(), await freePort(), await freePort()];
    const dataDir = path.join(tmp, "data");
    fs.mkdirSync(path.join(dataDir, "tmp"), { recursive: true });
    const origin = `http://127.0.0.1:${webPort}`;
    const inngest = { DATABASE_URL: url, INNGEST_BASE_URL: `http://127.0.0.1:${enginePort}`, ...keys, INNGEST_DEV: "0", INNGEST_EMBEDDED: "1" };
    const engineMain = fileURLToPath(import.meta.resolve("@portal/inngest-engine/main"));
    const engineEnv = {
      DATABASE_URL: url,
      INNGEST_ENGINE_PORT: String(enginePort),
      INNGEST_ENGINE_SCHEMA: `engine_bench_${process.pid}`,
      ...keys,
      DATA_DIR: dataDir,
    };
    started.push(await startProcess("the engine", ["--import", "tsx", engineMain], engineEnv, /ready at/));
    Object.assign(process.env, inngest);
    const { createExport } = await import("../../lib/export-requests/service");
    const { inngestExportEvents } = await import("../../inngest/export-events");
    const service = { db, warehouse: sql, events: inngestExportEvents, deleteFile: async () => {}, fileExists: async () => true };

    const workersEnv = {
      ...inngest,
      NODE_ENV: "production",
      DATA_DIR: dataDir,
      WORKERS: "2",
      WORKER_PORT: String(workerPort),
      WORKER_HOST: "127.0.0.1",
      INNGEST_SERVE_ORIGIN: `http://127.0.0.1:${workerPort}`,
      APP_URL: origin,
    };
    started.push(await startProcess("the workers", [await buildWorkers()], workersEnv, /processes [\d, ]+\)/, WORKER_NICE));
    const sync = await fetch(`http://127.0.0.1:${workerPort}/api/inngest`, { method: "PUT" });
    if (sync.status !== 200) throw new Error(`registering the workers answered ${sync.status}: ${await sync.text()}`);
    // The web app as `npm start` serves it; the per-token limit is raised so that 50 busy clients are not refused, while still counted.
    const appEnv = {
      ...inngest,
      NODE_ENV: "production",
      DATA_DIR: dataDir,
      PORT: String(webPort),
      HOST: "127.0.0.1",
      APP_URL: origin,
      AUTH_URL: origin,
      AUTH_TRUST_HOST: "true",
      AUTH_SECRET: randomBytes(32).toString("hex"),
      API_REQUESTS_PER_TOKEN: "1000000",
    };
    const webApp = await startProcess("the web app", ["--import", "tsx", path.join(root, "scripts/server.ts")], appEnv, /Web app listening/);
    started.push(webApp);
    /** A load window, with the CPU the web app spent on it. */
    const measure = async (targets: Target[]) => {
      const cpuBefore = cpuSeconds(webApp.pid ?? 0);
      const result = await runLoad({ origin, tokens, targets, seconds: SECONDS });
      return { result, cpuMsPerRequest: ((cpuSeconds(webApp.pid ?? 0) - cpuBefore) * 1000) / Math.max(1, result.requests), load: loadAverage() };
    };
    await waitFor(`${origin}/api/health`, "The web app", 60_000);

    const org = await createOrg(db, "Web app bench");
    const analyst = await createUser(db, "analyst");
    await addMember(db, org, analyst.id, "analyst", org.tenantIds[0]);
    const scope = { organizationId: org.organizationId, tenantId: org.tenantIds[0], projectId: org.projectIds[0], appId: org.appIds[0] };
    const actor = { userId: analyst.id, context: { ip: "127.0.0.1", userAgent: "bench" } };
    const tokens: string[] = [];
    for (let i = 0; i < CLIENTS; i++) {
      const created = await createApiToken(db, actor, {
        organizationId: scope.organizationId,
        tenantId: scope.tenantId,
        name: `bench client ${i + 1}`,
        scopes: ["data.exports.read"],
        expiresInDays: 1,
      });
      tokens.push(created.token);
    }
    const t0 = performance.now();
    await loadRealm(sql, "events", scope, ROWS, "2025-01-02", "2025-06-29");
    const [{ minId }] = await sql<{ minId: string }[]>`select min(id)::text as "minId" from warehouse.events where organization_id = ${scope.organizationId}`;
    console.error(`loaded ${ROWS} events rows in ${((performance.now() - t0) / 1000).toFixed(1)} s; ${os.cpus().length} cores; workers at nice ${WORKER_NICE}`);

    const base = {
      tenantId: scope.tenantId,
      scope: { type: "tenant" as const },
      realm: "events" as const,
      timezone: "Europe/Amsterdam",
      from: "2025-01-01",
      to: "2025-06-30",
    };
    const statusOf = async (id: string) => (await sql<{ status: string }[]>`select status from exports where id = ${id}`)[0]?.status ?? "missing";
    const until = async (ids: string[], ok: (statuses: string[]) => boolean, what: string, seconds = 900) => {
      const deadline = Date.now() + seconds * 1000;
      for (;;) {
        const statuses = await Promise.all(ids.map(statusOf));
        if (ok(statuses)) return statuses;
        if (statuses.some((s) => s === "failed" || s === "cancelled") || Date.now() > deadline) throw new Error(`${what}: exports ${statuses.join(", ")}`);
        await sleep(200);
      }
    };
    // The export the idle windows ask about: a real one, done through the workers, with partitions of its own.
    const filters = [{ field: "id", op: "range" as const, min: minId, max: String(BigInt(minId) + 499_999n) }];
    const reference = await createExport(service, actor, scope.organizationId, { ...base, format: "csv", filters });
    await until([reference.id], (s) => s[0] === "done", "the reference export");
    const idleTargets = [exportAnswer(reference.id)];
    await runLoad({ origin, tokens, targets: idleTargets, seconds: 3 }); // warm-up, not counted

    const windows: Window[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      windows.push({ phase: "idle", round, ...(await measure(idleTargets)) });
      console.error(`  ${describe(windows.at(-1) as Window)}`);

      const exports = await Promise.all((["csv", "ndjson"] as const).map((format) => createExport(service, actor, scope.organizationId, { ...base, format })));
      const ids = exports.map((e) => e.id);
      // Measured once both exports produce their partitions (planning done), the heaviest part of an export.
      const deadline = Date.now() + 300_000;
      while (
        (
          await sql<
            { n: number }[]
          >`select count(distinct export_id)::int as n from export_partitions where export_id in ${sql(ids)} and started_at is not null`
        )[0]?.n !== 2
      ) {
        if (Date.now() > deadline) throw new Error("the two exports did not start their partitions within 300 s");
        await sleep(200);
      }
      const busy = await measure([...idleTargets, ...ids.map(exportAnswer)]);
      const statuses = await Promise.all(ids.map(statusOf));
      const stillRunning = statuses.every((s) => s === "running") ? "both exports still running" : `NOT BOTH RUNNING at the end: ${statuses.join(", ")}`;
      windows.push({ phase: "busy", round, ...busy, stillRunning });
      console.error(`  ${describe(windows.at(-1) as Window)}`);
      const perPath = [...busy.result.byPath.entries()].map(
        ([p, ms]) => `${p === idleTargets[0]?.path ? "reference" : p.slice(-8)} p95 ${percentile(ms, 95).toFixed(1)} ms`,
      );
      console.error(`    busy ${round} per export: ${perPath.join(", ")}`);
      await until(ids, (s) => s.every((x) => x === "done"), "the two exports");
      const rows = await sql<{ rowCount: number }[]>`select row_count::float8 as "rowCount" from exports where id in ${sql(ids)}`;
      if (rows.some((r) => r.rowCount !== ROWS)) throw new Error(`the exports wrote ${rows.map((r) => r.rowCount).join(", ")} rows, expected ${ROWS}`);
    }

    const p95 = (phase: Window["phase"]) => median(windows.filter((w) => w.phase === phase).map((w) => percentile(w.result.latenciesMs, 95)));
    const [idleP95, busyP95] = [p95("idle"), p95("busy")];
    const ratio = busyP95 / idleP95;
    const wrong = windows.reduce((n, w) => n + w.result.failures.count, 0);
    const allRunning = windows.every((w) => w.phase === "idle" || w.stillRunning === "both exports still running");
    console.log(`\nGET /api/v1/exports/{id}, ${CLIENTS} clients, ${SECONDS} s windows, workers at nice ${WORKER_NICE} (${os.cpus().length} cores):`);
    for (const w of windows) console.log(`  ${describe(w)}`);
    const pass = ratio <= TARGET && wrong === 0 && allRunning;
    console.log(
      `  p95 idle ${idleP95.toFixed(1)} ms, while two ${ROWS.toLocaleString("en")}-row exports run ${busyP95.toFixed(1)} ms (medians over ${ROUNDS} round(s)): ${ratio.toFixed(2)}x, target <=${TARGET}x: ${pass ? "PASS" : "FAIL"}${wrong ? ` (${wrong} wrong answers)` : ""}${allRunning ? "" : " (an export was not running throughout a busy window)"}`,
    );
    console.log(
      JSON.stringify({
        rows: ROWS,
        rounds: ROUNDS,
        clients: CLIENTS,
        seconds: SECONDS,
        workerNice: WORKER_NICE,
        cores: os.cpus().length,
        idleP95Ms: +idleP95.toFixed(1),
        busyP95Ms: +busyP95.toFixed(1),
        ratio: +ratio.toFixed(2),
        target: TARGET,
        pass,
        windows: windows.map((w) => ({
          phase: w.phase,
          round: w.round,
          requests: w.result.requests,
          perSecond: +(w.result.requests / w.result.seconds).toFixed(1),
          p50Ms: +percentile(w.result.latenciesMs, 50).toFixed(1),
          p95Ms: +percentile(w.result.latenciesMs, 95).toFixed(1),
          p99Ms: +percentile(w.result.latenciesMs, 99).toFixed(1),
          wrong: w.result.failures.count,
          webAppCpuMsPerRequest: +w.cpuMsPerRequest.toFixed(1),
          load: w.load,
          stillRunning: w.stillRunning,
        })),
      }),
    );
    if (!pass) process.exitCode = 1;
  } finally {
    for (const proc of started.reverse()) await stopProcess(proc);
    await sql.end();
    await close();
  }
}

await main();

/**
 * "Through the workers": `npm run bench -- --workers [--rows N] [--rounds N]`. Exports go the whole way an
 * export goes under `npm start`: createExport (the service the API and the form call) sends the event, the
 * embedded engine runs in its own process, and two worker processes (workers/main.ts, WORKERS=2) plan the
 * export, produce its partitions and assemble the archive. Each case is timed from the request to the export
 * being done, against plain COPY → file (scripts/bench/child.ts) in the same run. The workers start afresh for
 * every case, so each case's peak RSS (VmHWM of each worker process) is its own. The web app's p95 under load
 * is scripts/bench/webapp.ts. bench.ts starts this with the react-server condition.
 */
import type { ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createDb } from "../../db/client";
import { runMigrations } from "../../db/migrate";
import { parseEnv } from "../../lib/config/env";
import type { ExportRequest } from "../../lib/exports/types";
import { addMember, createOrg, createUser } from "../../test/factories";
import { freePort } from "../../test/free-port";
import { buildWorkers } from "../../workers/bundle";
import { loadRealm } from "./load";
import { benchDatabase, cpuSeconds, exited, loadAverage, sleep, startProcess } from "./processes";
import { runChild } from "./run-child";
import { GZIP_CASE, printTable, type WorkersRow } from "./workers-report";

const args = process.argv.slice(2);
const arg = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const ROWS = Number(arg("--rows") ?? 2_000_000);
const ROUNDS = Math.max(1, Number(arg("--rounds") ?? 1));
const XLSX_ROWS = Math.min(1_000_000, Math.floor(ROWS / 2));
const WORKERS = 2;
/** As `npm start` runs them (WORKER_NICE, default 10). */
const WORKER_NICE = parseEnv().WORKER_NICE;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)] ?? 0;
/** Peak (VmHWM) or current (VmRSS) resident set of a live process, in MB. */
function rssMB(pid: number, field: "VmHWM" | "VmRSS" = "VmHWM"): number {
  const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) / 1024 : 0;
}
/** The cluster's worker processes: the primary's children. */
const childrenOf = (pid: number) => fs.readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);

async function main() {
  const { tmp, url, close } = await benchDatabase("workers", process.env.DATABASE_URL);
  let engine: ChildProcess | undefined;
  const { db, sql } = createDb(url, 4);
  try {
    await runMigrations(url);
    const keys = { INNGEST_SIGNING_KEY: `signkey-bench-${randomBytes(32).toString("hex")}`, INNGEST_EVENT_KEY: randomBytes(24).toString("hex") };
    const schema = `engine_bench_${process.pid}`;
    const [enginePort, workerPort] = [await freePort(), await freePort()];
    const dataDir = path.join(tmp, "data");
    fs.mkdirSync(path.join(dataDir, "tmp"), { recursive: true });
    const inngest = {
      DATABASE_URL: url,
      INNGEST_BASE_URL: `http://127.0.0.1:${enginePort}`,
      ...keys,
      INNGEST_DEV: "0",
    };
    // The engine as `npm start` runs it (packages/inngest-engine/src/main.ts, its default concurrency), on a schema of its own.
    engine = await startProcess(
      "the engine",
      ["--import", "tsx", fileURLToPath(import.meta.resolve("@portal/inngest-engine/main"))],
      { DATABASE_URL: url, INNGEST_ENGINE_PORT: String(enginePort), INNGEST_ENGINE_SCHEMA: schema, ...keys, DATA_DIR: dataDir },
      /ready at/,
    );
    // The app's Inngest client reads these when first imported, so the service is imported after.
    Object.assign(process.env, inngest);
    const { createExport } = await import("../../lib/export-requests/service");
    const { inngestExportEvents } = await import("../../inngest/export-events");
    const service = { db, warehouse: sql, events: inngestExportEvents, deleteFile: async () => {}, fileExists: async () => true };

    const org = await createOrg(db, "Workers bench");
    const analyst = await createUser(db, "analyst");
    await addMember(db, org, analyst.id, "analyst", org.tenantIds[0]);
    const scope = { organizationId: org.organizationId, tenantId: org.tenantIds[0], projectId: org.projectIds[0], appId: org.appIds[0] };
    const t0 = performance.now();
    await loadRealm(sql, "events", scope, ROWS, "2025-01-02", "2025-06-29");
    const [{ minId }] = await sql<{ minId: string }[]>`select min(id)::text as "minId" from warehouse.events where organization_id = ${scope.organizationId}`;
    console.error(`loaded ${ROWS} events rows in ${((performance.now() - t0) / 1000).toFixed(1)} s; ${os.cpus().length} cores`);

    const half = [{ field: "id", op: "range" as const, min: minId, max: String(BigInt(minId) + BigInt(XLSX_ROWS) - 1n) }];
    const base = { tenantId: scope.tenantId, scope: { type: "tenant" as const }, realm: "events" as const, timezone: "Europe/Amsterdam" };
    const copyReq = (filters?: typeof half): ExportRequest => ({
      ...base,
      organizationId: scope.organizationId,
      dateFrom: "2025-01-01",
      dateTo: "2025-06-30",
      format: "csv",
      filters,
    });
    const outDir = path.join(tmp, "out");
    fs.mkdirSync(outDir, { recursive: true });

    // The workers as `npm start` runs them: their bundle, built once for the run (workers/bundle.ts).
    const workersEntry = await buildWorkers();
    async function startWorkers(): Promise<ChildProcess> {
      const proc = await startProcess(
        "the workers to listen",
        [workersEntry],
        { ...inngest, DATA_DIR: dataDir, WORKERS: String(WORKERS), WORKER_PORT: String(workerPort), WORKER_HOST: "127.0.0.1", APP_URL: "http://127.0.0.1" },
        /processes [\d, ]+\)/,
        WORKER_NICE,
      );
      const sync = await fetch(`http://127.0.0.1:${workerPort}/api/inngest`, { method: "PUT" });
      if (sync.status !== 200) throw new Error(`registering the workers answered ${sync.status}: ${await sync.text()}`);
      return proc;
    }

    /** One export through the workers, request → done, with what the tables say about its phases and steps. */
    async function throughWorkers(format: "csv" | "xlsx" | "parquet", rows: number, filters?: typeof half) {
      const workers = await startWorkers();
      // What a worker holds before any export (the app's modules, the SDK): the part of its peak no export tuning can lower.
      const idle = childrenOf(workers.pid ?? 0).map((pid) => rssMB(pid, "VmRSS"));
      const startCpu = childrenOf(workers.pid ?? 0).map((pid) => cpuSeconds(pid));
      try {
        const since = new Date();
        const started = performance.now();
        const actor = { userId: analyst.id, context: { ip: "127.0.0.1", userAgent: "bench" } };
        const created = await createExport(service, actor, scope.organizationId, { ...base, from: "2025-01-01", to: "2025-06-30", format, filters });
        let status = "";
        while (!["done", "failed", "cancelled"].includes(status)) {
          await sleep(100);
          [{ status }] = await sql<{ status: string }[]>`select status from exports where id = ${created.id}`;
        }
        const seconds = (performance.now() - started) / 1000;
        const rss = childrenOf(workers.pid ?? 0).map((pid) => rssMB(pid));
        const cpu = childrenOf(workers.pid ?? 0).map((pid, i) => cpuSeconds(pid) - (startCpu[i] ?? 0));
        const [e] = await sql<{ status: string; error: string | null; rowCount: number; sizeBytes: number }[]>`
          select status, error, row_count::float8 as "rowCount", size_bytes::float8 as "sizeBytes" from exports where id = ${created.id}`;
        if (e.status !== "done" || e.rowCount !== rows) throw new Error(`${format}: export ${e.status} with ${e.rowCount} rows (${e.error ?? "no error"})`);
        // Phases from the export's and its partitions' timestamps: planning (with the queue) until the first partition starts,
        // partitions until the last one is done, assembly until the export is done.
        const [p] = await sql<{ partitions: number; planning: number; producing: number; assembly: number; longestPartition: number }[]>`
          select count(*)::int as partitions,
            extract(epoch from min(p.started_at) - e.created_at)::float8 as planning,
            extract(epoch from max(p.completed_at) - min(p.started_at))::float8 as producing,
            extract(epoch from e.completed_at - max(p.completed_at))::float8 as assembly,
            max(extract(epoch from p.completed_at - p.started_at))::float8 as "longestPartition"
          from export_partitions p join exports e on e.id = p.export_id where p.export_id = ${created.id} group by e.created_at, e.completed_at`;
        // The longest step call, from the engine's own tables: a step's completed_at less the run_at of the latest call of its
        // run due before it, i.e. the call that ran it. run_at is when the call became due, so time spent waiting for a free
        // engine slot counts too: an upper bound on the HTTP call itself.
        const [step] = await sql<{ stepId: string; seconds: number }[]>`
          select r.function_id || ' step ' || left(s.step_id, 8) as "stepId", extract(epoch from s.completed_at - c.run_at)::float8 as seconds
          from ${sql(schema)}.steps s join ${sql(schema)}.runs r on r.id = s.run_id
          cross join lateral (select run_at from ${sql(schema)}.calls c where c.run_id = s.run_id and c.run_at <= s.completed_at
            order by c.run_at desc limit 1) c
          where r.queued_at >= ${since.toISOString()}::timestamptz order by 2 desc limit 1`;
        // Where planning goes: when each of run-export's steps was done, from the request (the SDK names steps by sha1 of their id).
        const named = new Map(
          ["mark-running", "estimate-rows", "plan-partitions", "start-partitions"].map((n) => [createHash("sha1").update(n).digest("hex"), n]),
        );
        const planSteps = await sql<{ stepId: string; at: number }[]>`
          select s.step_id as "stepId", extract(epoch from s.completed_at - ${created.createdAt.toISOString()}::timestamptz)::float8 as at
          from ${sql(schema)}.steps s join ${sql(schema)}.runs r on r.id = s.run_id
          where r.queued_at >= ${since.toISOString()}::timestamptz and r.function_id like '%run-export' order by s.completed_at`;
        // Each partition's span from the request: whether two run at once, and the gaps between one ending and the next starting.
        const spans = await sql<{ index: number; from: number; to: number }[]>`
          select index, extract(epoch from started_at - ${created.createdAt.toISOString()}::timestamptz)::float8 as "from",
            extract(epoch from completed_at - ${created.createdAt.toISOString()}::timestamptz)::float8 as "to"
          from export_partitions where export_id = ${created.id} order by started_at`;
        console.error(`    ${format} partitions: ${spans.map((s) => `#${s.index} ${s.from.toFixed(1)}–${s.to.toFixed(1)}`).join(", ")}`);
        const plan = planSteps.map((st) => `${named.get(st.stepId) ?? st.stepId.slice(0, 8)} +${st.at.toFixed(2)} s`).join(", ");
        console.error(
          `    ${format}: ${plan}, first partition started +${p.planning.toFixed(2)} s; CPU s per worker ${cpu.map((c) => c.toFixed(1)).join("/")}`,
        );
        return { seconds, rss, cpu, idle, bytes: e.sizeBytes, ...p, longestStep: step?.seconds ?? 0, longestStepId: step?.stepId ?? "" };
      } finally {
        workers.kill("SIGTERM");
        await exited(workers);
      }
    }

    type Run = Awaited<ReturnType<typeof throughWorkers>>;
    interface Case {
      name: string;
      rows: number;
      run: () => Promise<Run>;
      base: string | null;
      target: number | null;
    }
    const copy =
      (filters?: typeof half, kind: "copy" | "copy-gzip" = "copy") =>
      async (): Promise<Run> => {
        const r = await runChild({ url: url ?? "", kind, req: copyReq(filters), outDir });
        return {
          seconds: r.seconds,
          rss: [r.maxRssMB],
          cpu: [r.cpuSeconds],
          idle: [],
          bytes: r.bytes,
          partitions: 0,
          planning: 0,
          producing: 0,
          assembly: 0,
          longestPartition: 0,
          longestStep: 0,
          longestStepId: "",
        };
      };
    const cases: Case[] = [
      { name: "COPY csv (baseline)", rows: ROWS, run: copy(), base: null, target: null },
      // The workers' CSV is deflated (the service always deflates), so COPY | gzip is shown beside the target's plain COPY.
      { name: GZIP_CASE, rows: ROWS, run: copy(undefined, "copy-gzip"), base: null, target: null },
      { name: "csv via workers", rows: ROWS, run: () => throughWorkers("csv", ROWS), base: "COPY csv (baseline)", target: 0.75 },
      { name: "parquet via workers", rows: ROWS, run: () => throughWorkers("parquet", ROWS), base: "COPY csv (baseline)", target: 1.2 },
      { name: "COPY csv (xlsx baseline)", rows: XLSX_ROWS, run: copy(half), base: null, target: null },
      { name: "xlsx via workers", rows: XLSX_ROWS, run: () => throughWorkers("xlsx", XLSX_ROWS, half), base: "COPY csv (xlsx baseline)", target: 4 },
    ];
    // --only REGEX: only the cases whose name matches, and the baselines they are compared with (for iterating on one format).
    const only = arg("--only");
    if (only) {
      const keep = new Set(cases.filter((c) => new RegExp(only).test(c.name)).flatMap((c) => [c.name, ...(c.base ? [c.base] : [])]));
      cases.splice(0, cases.length, ...cases.filter((c) => keep.has(c.name)));
    }
    const runs = new Map<string, Run[]>(cases.map((c) => [c.name, []]));
    for (let round = 1; round <= ROUNDS; round++) {
      for (const c of cases) {
        const r = await c.run();
        runs.get(c.name)?.push(r);
        const rss = r.rss.map((m) => m.toFixed(0)).join("/");
        const cpu = r.cpu.map((s) => s.toFixed(1)).join("/");
        console.error(`  ${ROUNDS > 1 ? `round ${round}: ` : ""}${c.name}: ${r.seconds.toFixed(2)} s, CPU ${cpu} s, peak RSS ${rss} MB; ${loadAverage()}`);
      }
    }
    const secs = (name: string) => median((runs.get(name) ?? []).map((r) => r.seconds));
    const results: WorkersRow[] = cases.map((c) => {
      const rs = runs.get(c.name) ?? [];
      const m = (f: (r: Run) => number) => +median(rs.map(f)).toFixed(2);
      const seconds = secs(c.name);
      const worst = rs.reduce<Run | undefined>((a, r) => (a && a.longestStep >= r.longestStep ? a : r), undefined);
      return {
        case: c.name,
        rows: c.rows,
        seconds: +seconds.toFixed(2),
        ratio: c.base ? +(seconds / secs(c.base)).toFixed(2) : null,
        target: c.target,
        partitions: m((r) => r.partitions),
        planningSeconds: m((r) => r.planning),
        partitionsSeconds: m((r) => r.producing),
        assemblySeconds: m((r) => r.assembly),
        longestPartitionSeconds: +Math.max(0, ...rs.map((r) => r.longestPartition)).toFixed(2),
        longestStepSeconds: +(worst?.longestStep ?? 0).toFixed(2),
        longestStep: worst?.longestStepId ?? "",
        // Per worker process: the largest over rounds.
        peakRssMB: (rs[0]?.rss ?? []).map((_, i) => +Math.max(...rs.map((r) => r.rss[i] ?? 0)).toFixed(0)),
        idleRssMB: (rs[0]?.idle ?? []).map((m) => +m.toFixed(0)),
        outputMB: +((rs[0]?.bytes ?? 0) / 1e6).toFixed(1),
      };
    });
    printTable(results, { rows: ROWS, rounds: ROUNDS, workers: WORKERS, cores: os.cpus().length, node: process.version });
  } finally {
    await sql.end();
    if (engine) {
      engine.kill("SIGTERM");
      await exited(engine);
    }
    await close();
  }
}

await main();

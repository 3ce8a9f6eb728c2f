/**
 * Export engine benchmark (issue #3): `npm run bench -- [--rows N] [--realm events|jobs] [--flat] [--rounds N]`.
 * `npm run bench -- --list [--exports N]` instead times the exports list call over a long history (scripts/bench/list.ts).
 * `npm run bench -- --workers [--rows N] [--rounds N]` times exports through the engine and the worker processes (scripts/bench/workers.ts).
 * `npm run bench -- --webapp [--rows N] [--rounds N]` times the web app's export status call while two exports run (scripts/bench/webapp.ts).
 * Starts its own embedded Postgres (or uses DATABASE_URL), loads N realistic rows, then times the plain
 * COPY baseline, COPY|gzip, and every format through produceArchive, each in a child process so peak RSS
 * is per format. With --rounds N every case runs N times, round-robin, and its median counts. Prints a
 * table and, as the last line, the same as JSON.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import postgres from "postgres";
import { startEmbeddedPostgres, type EmbeddedDatabase } from "../db/embedded";
import { runMigrations } from "../db/migrate";
import { env } from "../lib/config/env";
import { EXPORT_PROCESS_FLAGS, exportProcessEnv } from "../lib/exports/process-flags";
import type { ExportRequest } from "../lib/exports/types";
import { DEFLATE_LEVEL } from "../lib/exports/archive/zip";
import { freePort } from "../test/free-port";
import type { ChildJob, ChildResult } from "./bench/child";
import { runChild } from "./bench/run-child";
import { loadRealm, type BenchScope } from "./bench/load";

const args = process.argv.slice(2);
const arg = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const ROWS = Number(arg("--rows") ?? 2_000_000);
const REALM = (arg("--realm") ?? "events") as "events" | "jobs";
const FLAT = args.includes("--flat");
/** Rounds over all cases; each case's median is reported, so a burst of load on a shared machine counts once. */
const ROUNDS = Math.max(1, Number(arg("--rounds") ?? 1));
const XLSX_ROWS = Math.min(1_000_000, Math.floor(ROWS / 2));
const here = path.dirname(fileURLToPath(import.meta.url));

function scope(n: number): BenchScope {
  const hex = n.toString(16).padStart(4, "0");
  return {
    organizationId: `00000000-0000-4000-8000-00000000${hex}`,
    tenantId: `00000000-0000-4000-8000-00000001${hex}`,
    projectId: `00000000-0000-4000-8000-00000002${hex}`,
    appId: `00000000-0000-4000-8000-00000003${hex}`,
  };
}

interface Row {
  case: string;
  rows: number;
  seconds: number;
  ratio: number | null;
  target: number | null;
  mbPerSec: number;
  cpuSeconds: number;
  peakRssMB: number;
  archiveMB: number;
}

async function main() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "export-bench-"));
  let db: EmbeddedDatabase | undefined;
  let url = env().DATABASE_URL;
  if (!url) {
    db = await startEmbeddedPostgres({ dataDir: tmp, port: await freePort(), database: "bench" });
    url = db.url;
  }
  try {
    await runMigrations(url);
    const sql = postgres(url, { max: 2, onnotice: () => {} });
    const main = scope(1);
    const flat = scope(2);
    const t0 = performance.now();
    await sql.unsafe(`delete from warehouse.${REALM} where organization_id in ($1, $2)`, [main.organizationId, flat.organizationId]);
    // Inside the exported dates (2025-01-01 to 2025-06-30 in Europe/Amsterdam), so every loaded row is exported.
    await loadRealm(sql, REALM, main, ROWS, "2025-01-02", "2025-06-29");
    if (FLAT) await loadRealm(sql, REALM, flat, 200_000, "2025-01-02", "2025-06-29");
    const [{ minId }] = await sql.unsafe<{ minId: string }[]>(
      `select min(id)::text as "minId", max(id)::text as "maxId" from warehouse.${REALM} where organization_id = $1`,
      [main.organizationId],
    );
    await sql.end();
    console.error(`loaded ${ROWS} ${REALM} rows in ${((performance.now() - t0) / 1000).toFixed(1)} s; ${os.cpus().length} cores`);

    const request = (s: BenchScope, over: Partial<ExportRequest> = {}): ExportRequest => ({
      organizationId: s.organizationId,
      tenantId: s.tenantId,
      scope: { type: "tenant" },
      realm: REALM,
      dateFrom: "2025-01-01",
      dateTo: "2025-06-30",
      timezone: "Europe/Amsterdam",
      format: "csv",
      ...over,
    });
    const half: ExportRequest["filters"] = [{ field: "id", op: "range", min: minId, max: String(BigInt(minId) + BigInt(XLSX_ROWS) - 1n) }];
    const out = path.join(tmp, "out");
    fs.mkdirSync(out, { recursive: true });
    const job = (kind: ChildJob["kind"], req: ExportRequest, compression?: "store" | "deflate"): ChildJob => ({
      url: url ?? "",
      kind,
      req,
      compression,
      outDir: out,
    });

    interface Case {
      name: string;
      job: ChildJob;
      rows: number;
      /** The case whose time this one is compared with. */
      base: string | null;
      target: number | null;
    }
    const gzipName = `COPY | gzip -${DEFLATE_LEVEL}`;
    const cases: Case[] = [
      { name: "COPY csv (baseline)", job: job("copy", request(main)), rows: ROWS, base: null, target: null },
      { name: gzipName, job: job("copy-gzip", request(main)), rows: ROWS, base: null, target: null },
      { name: "csv (stored)", job: job("archive", request(main), "store"), rows: ROWS, base: "COPY csv (baseline)", target: 1.1 },
      { name: "csv (deflated)", job: job("archive", request(main), "deflate"), rows: ROWS, base: gzipName, target: 1.1 },
      { name: "json", job: job("archive", request(main, { format: "json" }), "store"), rows: ROWS, base: "COPY csv (baseline)", target: 1.6 },
      { name: "ndjson", job: job("archive", request(main, { format: "ndjson" }), "store"), rows: ROWS, base: "COPY csv (baseline)", target: 1.6 },
      { name: "parquet", job: job("archive", request(main, { format: "parquet" })), rows: ROWS, base: "COPY csv (baseline)", target: 2.0 },
      { name: "COPY csv (xlsx baseline)", job: job("copy", request(main, { filters: half })), rows: XLSX_ROWS, base: null, target: null },
      { name: "xlsx", job: job("archive", request(main, { format: "xlsx", filters: half })), rows: XLSX_ROWS, base: "COPY csv (xlsx baseline)", target: 8 },
    ];
    // Memory must not grow with the export: the big run's peak within 15% of a 200,000-row run's.
    const big: Record<string, string> = { csv: "csv (stored)", json: "json", ndjson: "ndjson", parquet: "parquet", xlsx: "xlsx" };
    if (FLAT) {
      for (const format of ["csv", "json", "ndjson", "parquet", "xlsx"] as const) {
        cases.push({
          name: `${format} @200k (RSS flatness)`,
          job: job("archive", request(flat, { format }), "store"),
          rows: 200_000,
          base: null,
          target: null,
        });
      }
    }

    const runs = new Map<string, ChildResult[]>(cases.map((c) => [c.name, []]));
    for (let round = 1; round <= ROUNDS; round++) {
      for (const c of cases) {
        const r = await runChild(c.job);
        if (r.rows !== null && r.rows !== c.rows) throw new Error(`${c.name}: exported ${r.rows} rows, expected ${c.rows}`);
        runs.get(c.name)?.push(r);
        console.error(
          `  ${ROUNDS > 1 ? `round ${round}: ` : ""}${c.name}: ${r.seconds.toFixed(2)} s, ${r.cpuSeconds.toFixed(2)} s CPU, ${r.maxRssMB.toFixed(0)} MB RSS`,
        );
      }
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
    const seconds = (name: string) => median((runs.get(name) ?? []).map((r) => r.seconds));
    const results: Row[] = cases.map((c) => {
      const rs = runs.get(c.name) ?? [];
      const secs = seconds(c.name);
      const mb = (rs[0]?.bytes ?? 0) / 1e6;
      return {
        case: c.name,
        rows: c.rows,
        seconds: +secs.toFixed(2),
        ratio: c.base ? +(secs / seconds(c.base)).toFixed(2) : null,
        target: c.target,
        mbPerSec: +(mb / secs).toFixed(1),
        cpuSeconds: +median(rs.map((r) => r.cpuSeconds)).toFixed(2),
        peakRssMB: +median(rs.map((r) => r.maxRssMB)).toFixed(0),
        archiveMB: +mb.toFixed(1),
      };
    });
    const flatness = FLAT
      ? Object.entries(big).map(([format, name]) => {
          const large = results.find((r) => r.case === name) as Row;
          const small = results.find((r) => r.case === `${format} @200k (RSS flatness)`) as Row;
          return {
            format,
            rows: large.rows,
            peakRssMB: large.peakRssMB,
            at200kMB: small.peakRssMB,
            growth: +(large.peakRssMB / small.peakRssMB - 1).toFixed(3),
          };
        })
      : [];

    const header = ["case", "rows", "seconds", "ratio", "target", "MB/s", "CPU s", "peak RSS MB", "output MB"];
    const lines = results.map((r) => [
      r.case,
      String(r.rows),
      r.seconds.toFixed(2),
      r.ratio === null ? "" : `${r.ratio}x`,
      r.target === null ? "" : `<=${r.target}x`,
      String(r.mbPerSec),
      r.cpuSeconds.toFixed(2),
      String(r.peakRssMB),
      String(r.archiveMB),
    ]);
    const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
    const fmt = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
    console.log(fmt(header));
    console.log(widths.map((w) => "-".repeat(w)).join("  "));
    for (const l of lines) console.log(fmt(l));
    if (flatness.length) {
      console.log("\npeak RSS against the 200,000-row run (target: within 15%)");
      for (const f of flatness)
        console.log(
          `  ${f.format.padEnd(8)} ${f.rows} rows ${f.peakRssMB} MB, 200,000 rows ${f.at200kMB} MB: ${f.growth >= 0 ? "+" : ""}${(f.growth * 100).toFixed(1)}%`,
        );
    }
    console.log(
      JSON.stringify({
        realm: REALM,
        rows: ROWS,
        rounds: ROUNDS,
        cores: os.cpus().length,
        node: process.version,
        flags: EXPORT_PROCESS_FLAGS,
        env: exportProcessEnv(),
        results,
        flatness,
      }),
    );
  } finally {
    await db?.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** The list and workers benchmarks run in their own process, with the condition under which server-only modules load. */
function runServerBench(script: string, flag: string): Promise<number> {
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", path.join(here, script), ...args.filter((a) => a !== flag)], {
    stdio: "inherit",
  });
  return new Promise((resolve) => child.on("exit", (code) => resolve(code ?? 1)));
}

if (args.includes("--list")) process.exitCode = await runServerBench("bench/list.ts", "--list");
else if (args.includes("--workers")) process.exitCode = await runServerBench("bench/workers.ts", "--workers");
else if (args.includes("--webapp")) process.exitCode = await runServerBench("bench/webapp.ts", "--webapp");
else await main();

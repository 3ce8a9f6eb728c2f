/**
 * Export engine benchmark (issue #3): `npm run bench -- [--rows N] [--realm events|jobs] [--flat]`.
 * Starts its own embedded Postgres (or uses DATABASE_URL), loads N realistic rows, then times the plain
 * COPY baseline, COPY|gzip, and every format through produceArchive, each in a child process so peak RSS
 * is per format. Prints a table and, as the last line, the same as JSON.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import postgres from "postgres";
import { startEmbeddedPostgres, type EmbeddedDatabase } from "../db/embedded";
import { runMigrations } from "../db/migrate";
import { EXPORT_PROCESS_FLAGS } from "../lib/exports/process-flags";
import type { ExportRequest } from "../lib/exports/types";
import { DEFLATE_LEVEL } from "../lib/exports/zip";
import { freePort } from "../test/free-port";
import type { ChildJob, ChildResult } from "./bench/child";
import { loadRealm, type BenchScope } from "./bench/load";

const args = process.argv.slice(2);
const arg = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const ROWS = Number(arg("--rows") ?? 2_000_000);
const REALM = (arg("--realm") ?? "events") as "events" | "jobs";
const FLAT = args.includes("--flat");
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

function runChild(job: ChildJob): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...EXPORT_PROCESS_FLAGS, "--import", "tsx", path.join(here, "bench/child.ts"), "--child", JSON.stringify(job)], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.on("data", (c: Buffer) => (out += c));
    child.on("exit", (code) => (code === 0 ? resolve(JSON.parse(out.trim().split("\n").pop() ?? "{}")) : reject(new Error(`child exited ${code}`))));
  });
}

interface Row {
  case: string;
  rows: number;
  seconds: number;
  ratio: number | null;
  target: number | null;
  mbPerSec: number;
  peakRssMB: number;
  archiveMB: number;
}

async function main() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "export-bench-"));
  let db: EmbeddedDatabase | undefined;
  let url = process.env.DATABASE_URL;
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
    const [{ maxId, minId }] = await sql.unsafe(`select min(id)::text as "minId", max(id)::text as "maxId" from warehouse.${REALM} where organization_id = $1`, [main.organizationId]);
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
    const job = (kind: ChildJob["kind"], req: ExportRequest, compression?: "store" | "deflate"): ChildJob => ({ url: url ?? "", kind, req, compression, outDir: out });

    const results: Row[] = [];
    const measure = async (name: string, j: ChildJob, rows: number, base: number | null, target: number | null) => {
      const r = await runChild(j);
      if (r.rows !== null && r.rows !== rows) throw new Error(`${name}: exported ${r.rows} rows, expected ${rows}`);
      const mb = r.bytes / 1e6;
      const row: Row = {
        case: name,
        rows,
        seconds: +r.seconds.toFixed(2),
        ratio: base ? +(r.seconds / base).toFixed(2) : null,
        target,
        mbPerSec: +(mb / r.seconds).toFixed(1),
        peakRssMB: +r.maxRssMB.toFixed(0),
        archiveMB: +mb.toFixed(1),
      };
      results.push(row);
      console.error(`  ${name}: ${row.seconds} s${row.ratio ? ` (${row.ratio}x)` : ""}, ${row.peakRssMB} MB RSS`);
      return r.seconds;
    };

    const copy = await measure("COPY csv (baseline)", job("copy", request(main)), ROWS, null, null);
    const gzip = await measure(`COPY | gzip -${DEFLATE_LEVEL}`, job("copy-gzip", request(main)), ROWS, null, null);
    await measure("csv (stored)", job("archive", request(main), "store"), ROWS, copy, 1.1);
    await measure("csv (deflated)", job("archive", request(main), "deflate"), ROWS, gzip, 1.1);
    await measure("json", job("archive", request(main, { format: "json" }), "store"), ROWS, copy, 1.6);
    await measure("ndjson", job("archive", request(main, { format: "ndjson" }), "store"), ROWS, copy, 1.6);
    await measure("parquet", job("archive", request(main, { format: "parquet" })), ROWS, copy, 2.0);
    const copyHalf = await measure("COPY csv (xlsx baseline)", job("copy", request(main, { filters: half })), XLSX_ROWS, null, null);
    await measure("xlsx", job("archive", request(main, { format: "xlsx", filters: half })), XLSX_ROWS, copyHalf, 8);
    // Memory must not grow with the export: the big run's peak within 15% of a 200,000-row run's.
    const flatness: { format: string; rows: number; peakRssMB: number; at200kMB: number; growth: number }[] = [];
    if (FLAT) {
      const big: Record<string, string> = { csv: "csv (stored)", json: "json", ndjson: "ndjson", parquet: "parquet", xlsx: "xlsx" };
      for (const format of ["csv", "json", "ndjson", "parquet", "xlsx"] as const) {
        await measure(`${format} @200k (RSS flatness)`, job("archive", request(flat, { format }), "store"), 200_000, null, null);
        const small = results[results.length - 1];
        const large = results.find((r) => r.case === big[format]);
        if (large) flatness.push({ format, rows: large.rows, peakRssMB: large.peakRssMB, at200kMB: small.peakRssMB, growth: +(large.peakRssMB / small.peakRssMB - 1).toFixed(3) });
      }
    }

    const header = ["case", "rows", "seconds", "ratio", "target", "MB/s", "peak RSS MB", "output MB"];
    const lines = results.map((r) => [r.case, String(r.rows), r.seconds.toFixed(2), r.ratio === null ? "" : `${r.ratio}x`, r.target === null ? "" : `<=${r.target}x`, String(r.mbPerSec), String(r.peakRssMB), String(r.archiveMB)]);
    const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
    const fmt = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
    console.log(fmt(header));
    console.log(widths.map((w) => "-".repeat(w)).join("  "));
    for (const l of lines) console.log(fmt(l));
    if (flatness.length) {
      console.log("\npeak RSS against the 200,000-row run (target: within 15%)");
      for (const f of flatness) console.log(`  ${f.format.padEnd(8)} ${f.rows} rows ${f.peakRssMB} MB, 200,000 rows ${f.at200kMB} MB: ${f.growth >= 0 ? "+" : ""}${(f.growth * 100).toFixed(1)}%`);
    }
    console.log(JSON.stringify({ realm: REALM, rows: ROWS, cores: os.cpus().length, node: process.version, flags: EXPORT_PROCESS_FLAGS, results, flatness }));
  } finally {
    await db?.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

await main();

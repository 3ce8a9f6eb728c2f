import fs from "node:fs";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import zlib from "node:zlib";
import postgres from "postgres";
import { produceArchive } from "../../lib/exports/archive/produce";
import { batches } from "../../lib/exports/query/batch";
import { compileCopy, selectList } from "../../lib/exports/query/compile";
import { ExportSession } from "../../lib/exports/query/session";
import type { ExportRequest } from "../../lib/exports/types";
import { validateRequest } from "../../lib/exports/query/validate";
import { DEFLATE_LEVEL } from "../../lib/exports/archive/zip";

export interface ChildJob {
  url: string;
  kind: "copy" | "copy-gzip" | "archive";
  req: ExportRequest;
  compression?: "store" | "deflate";
  outDir: string;
}

export interface ChildResult {
  seconds: number;
  /** Rows the export wrote (the baselines do not count them). */
  rows: number | null;
  bytes: number;
  maxRssMB: number;
  /** CPU time this process spent on the export, all its threads (zlib's, DuckDB's); the database's is not counted. */
  cpuSeconds: number;
}

/** The baseline: the export's own COPY, written to a file (optionally through gzip) with nothing else. */
async function copyBaseline(sql: postgres.Sql, job: ChildJob): Promise<{ bytes: number }> {
  const valid = validateRequest(job.req);
  const session = await ExportSession.open(sql, job.req.timezone);
  const file = path.join(job.outDir, `baseline.csv${job.kind === "copy-gzip" ? ".gz" : ""}`);
  try {
    const stream = await session.copyOut(compileCopy(valid, selectList(valid.fields), "FORMAT csv"));
    const sink = fs.createWriteStream(file, { highWaterMark: 1 << 20 });
    if (job.kind === "copy-gzip") await pipeline(batches(stream), zlib.createGzip({ level: DEFLATE_LEVEL }), sink);
    else await pipeline(batches(stream), sink);
  } finally {
    await session.close(true);
  }
  return { bytes: fs.statSync(file).size };
}

async function main() {
  const job = JSON.parse(process.argv[process.argv.indexOf("--child") + 1]) as ChildJob;
  const sql = postgres(job.url, { max: 2, onnotice: () => {} });
  const started = performance.now();
  const cpuAtStart = process.cpuUsage();
  let rows: number | null = null;
  let bytes = 0;
  if (job.kind === "archive") {
    const res = await produceArchive(sql, job.req, { outDir: job.outDir, baseName: `bench-${job.req.format}`, compression: job.compression });
    rows = res.rowCount;
    bytes = res.sizeBytes;
  } else ({ bytes } = await copyBaseline(sql, job));
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuAtStart);
  await sql.end();
  for (const f of fs.readdirSync(job.outDir)) fs.rmSync(path.join(job.outDir, f), { recursive: true, force: true });
  const result: ChildResult = { seconds, rows, bytes, maxRssMB: process.resourceUsage().maxRSS / 1024, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

await main();

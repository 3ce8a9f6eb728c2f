/** The "through the workers" bench's figures: a table, the targets met or missed, then the same as one JSON line. */
import { DEFLATE_LEVEL } from "../../lib/exports/archive/zip";
export interface WorkersRow {
  case: string;
  rows: number;
  seconds: number;
  ratio: number | null;
  target: number | null;
  partitions: number;
  planningSeconds: number;
  partitionsSeconds: number;
  assemblySeconds: number;
  longestPartitionSeconds: number;
  longestStepSeconds: number;
  longestStep: string;
  /** One figure per worker process (one for a COPY baseline, its own child). */
  peakRssMB: number[];
  /** Each worker's RSS once started, before the export. */
  idleRssMB: number[];
  outputMB: number;
}

export const RSS_TARGET_MB = 256;
export const GZIP_CASE = `COPY | gzip -${DEFLATE_LEVEL}`;
export const STEP_TARGET_SECONDS = 60;

export function printTable(results: WorkersRow[], meta: Record<string, unknown>): void {
  const header = [
    "case",
    "rows",
    "seconds",
    "ratio",
    "target",
    "parts",
    "plan s",
    "parts s",
    "assembly s",
    "longest step s",
    "peak RSS MB",
    "idle RSS MB",
    "output MB",
  ];
  const worker = (r: WorkersRow) => r.partitions > 0;
  const lines = results.map((r) => [
    r.case,
    String(r.rows),
    r.seconds.toFixed(2),
    r.ratio === null ? "" : `${r.ratio}x`,
    r.target === null ? "" : `<=${r.target}x`,
    worker(r) ? String(r.partitions) : "",
    worker(r) ? r.planningSeconds.toFixed(2) : "",
    worker(r) ? r.partitionsSeconds.toFixed(2) : "",
    worker(r) ? r.assemblySeconds.toFixed(2) : "",
    worker(r) ? r.longestStepSeconds.toFixed(2) : "",
    r.peakRssMB.join(" / "),
    r.idleRssMB.join(" / "),
    String(r.outputMB),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? "").length)));
  const fmt = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join("  ");
  console.log(fmt(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const l of lines) console.log(fmt(l));

  const through = results.filter(worker);
  const verdict = (ok: boolean) => (ok ? "met" : "MISSED");
  console.log("");
  for (const r of through) {
    if (r.ratio !== null && r.target !== null) console.log(`  ${r.case}: ${r.ratio}x its COPY, target <=${r.target}x: ${verdict(r.ratio <= r.target)}`);
    const gzip = results.find((g) => g.case === GZIP_CASE);
    if (r.case.startsWith("csv") && gzip) console.log(`  ${r.case}: ${(r.seconds / gzip.seconds).toFixed(2)}x ${GZIP_CASE} (its output is deflated)`);
    const rss = Math.max(...r.peakRssMB);
    console.log(`  ${r.case}: peak RSS ${r.peakRssMB.join(" / ")} MB per worker, target <=${RSS_TARGET_MB} MB: ${verdict(rss <= RSS_TARGET_MB)}`);
  }
  const longest = through.reduce<WorkersRow | undefined>((a, r) => (a && a.longestStepSeconds >= r.longestStepSeconds ? a : r), undefined);
  if (longest) {
    console.log(
      `  longest step call: ${longest.longestStepSeconds} s (${longest.longestStep} in ${longest.case}; longest partition ${Math.max(...through.map((r) => r.longestPartitionSeconds))} s), target <=${STEP_TARGET_SECONDS} s: ${verdict(longest.longestStepSeconds <= STEP_TARGET_SECONDS)}`,
    );
  }
  console.log("  web app p95 of GET /api/v1/exports/{id} while two exports run: npm run bench -- --webapp");
  console.log(JSON.stringify({ ...meta, rssTargetMB: RSS_TARGET_MB, stepTargetSeconds: STEP_TARGET_SECONDS, results }));
}

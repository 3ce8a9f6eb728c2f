/**
 * Where one partition's memory goes: `npx tsx scripts/bench/partition-memory.ts [--format xlsx] [--rows N]`
 * loads N events rows (default 250,000, one partition's worth) into its own embedded PostgreSQL, then
 * produces them as one partition (produceArchive, as a worker does) while sampling this process's memory
 * every 20 ms: resident set, V8's heap (used and reserved), and the memory outside it (Buffers and other
 * ArrayBuffers). It prints the peak of each and where in the partition the resident peak fell. The
 * process runs with the flags and environment a worker gets (process-flags.ts) unless `--bare` is given.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { produceArchive } from "../../lib/exports/archive/produce";
import { EXPORT_PROCESS_FLAGS, exportProcessEnv } from "../../lib/exports/process-flags";
import type { ExportRequest } from "../../lib/exports/types";
import { onePartition } from "./one-partition";

const args = process.argv.slice(2);
const arg = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);

// Re-run under the workers' flags and environment first, so the figures are a worker's.
if (!args.includes("--bare") && !EXPORT_PROCESS_FLAGS.every((f) => process.execArgv.includes(f))) {
  const r = spawnSync(process.execPath, [...process.execArgv, ...EXPORT_PROCESS_FLAGS, fileURLToPath(import.meta.url), ...args], {
    stdio: "inherit",
    env: { ...process.env, ...exportProcessEnv() },
  });
  process.exit(r.status ?? 1);
}

const ROWS = Number(arg("--rows") ?? 250_000);
const FORMAT = (arg("--format") ?? "xlsx") as ExportRequest["format"];
const MB = (n: number) => (n / 1048576).toFixed(0);
const hwm = () => Number(/VmHWM:\s+(\d+) kB/.exec(fs.readFileSync("/proc/self/status", "utf8"))?.[1] ?? 0) * 1024;

const { sql, tmp, req, close } = await onePartition("Memory", ROWS, FORMAT);
try {
  for (let round = 1; round <= 2; round++) {
    // The peak so far (the load's) is reset, so VmHWM is this partition's.
    fs.writeFileSync("/proc/self/clear_refs", "5");
    const before = process.memoryUsage();
    const peak = { rss: 0, heapUsed: 0, heapTotal: 0, external: 0, arrayBuffers: 0 };
    let rows = 0;
    let atPeak = "";
    const t0 = performance.now();
    const timer = setInterval(() => {
      const m = process.memoryUsage();
      if (m.rss > peak.rss) {
        atPeak = `${rows} rows, ${((performance.now() - t0) / 1000).toFixed(1)} s: heap ${MB(m.heapUsed)}/${MB(m.heapTotal)}, external ${MB(m.external)} (ArrayBuffers ${MB(m.arrayBuffers)})`;
      }
      for (const k of Object.keys(peak) as (keyof typeof peak)[]) peak[k] = Math.max(peak[k], m[k]);
    }, 20);
    const out = path.join(tmp, "out");
    const cpu0 = process.cpuUsage();
    const r = await produceArchive(sql, req, { outDir: out, baseName: "p", dataOnly: true, onProgress: (p) => (rows = p.rows) });
    clearInterval(timer);
    const cpu = process.cpuUsage(cpu0);
    fs.rmSync(out, { recursive: true, force: true });
    console.log(
      `${FORMAT} round ${round}: ${r.rowCount} rows in ${((performance.now() - t0) / 1000).toFixed(2)} s (CPU ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s), ${(r.sizeBytes / 1e6).toFixed(1)} MB; ` +
        `before: rss ${MB(before.rss)}, heap ${MB(before.heapUsed)}/${MB(before.heapTotal)}, external ${MB(before.external)}; ` +
        `peak: rss ${MB(peak.rss)} (VmHWM ${MB(hwm())}), heap ${MB(peak.heapUsed)}/${MB(peak.heapTotal)}, external ${MB(peak.external)} (ArrayBuffers ${MB(peak.arrayBuffers)}); ` +
        `at the rss peak (${atPeak}); load ${os.loadavg()[0].toFixed(2)}`,
    );
  }
} finally {
  await close();
}

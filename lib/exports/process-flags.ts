/**
 * Node flags for a process that runs exports (the workers, where the run-export function is served, and
 * the benchmark's child). An export streams its data through short-lived buffers that V8 frees when it
 * collects its young generation; capping that generation at 4 MB per half (Node's default grows to 16 MB)
 * frees them sooner, so a long export's peak memory stays where a short one's is. Measured on 2,000,000
 * NDJSON rows: about 30 MB less at the peak and no slower.
 * What outlives that generation (a batch of rows being rendered, XML waiting for zlib) is garbage soon
 * after, yet V8 lets its old generation grow to about 2.6 times what was live after the last full
 * collection before collecting again; `--heap-growing-percent=100` caps that at 2 times. Measured on one
 * 250,000-row XLSX partition (scripts/bench/partition-memory.ts): peak RSS 139–152 MB instead of
 * 180–201 MB (V8's heap 43–50 MB instead of 61–76, Buffers 24–45 MB instead of 42–56), CPU within noise.
 */
export const EXPORT_PROCESS_FLAGS = ["--max-semi-space-size=4", "--heap-growing-percent=100"];

/**
 * Environment for the same processes. Those buffers are allocated and freed on several threads (the main
 * one, zlib's and the file system's), and glibc gives each thread an arena of its own that keeps what was
 * freed in it; two arenas in all keep the peak lower and steadier. Measured on 1,000,000 rows, each case
 * five times or more: CSV 123–139 MB instead of 149–160, Parquet 308 instead of 360, and no slower. A
 * value already set in the environment wins.
 */
export function exportProcessEnv(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  return { MALLOC_ARENA_MAX: env.MALLOC_ARENA_MAX ?? "2" };
}

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import Papa from "papaparse";
import { produceArchive } from "./produce";
import { insertJobs, jobRows } from "../../../test/exports/rows";
import { listAll, newScope, outDir, request, testSql, unzip } from "../../../test/exports/support";
import type { ExportFormat, ExportProgress } from "../types";

const sql = testSql();
const big = newScope();
const small = newScope();
const BIG_ROWS = 120_000;

beforeAll(async () => {
  await sql`insert into warehouse.jobs (organization_id, tenant_id, project_id, app_id, job_id, user_name, job_name, queue, submitted_at, nodes, cores, exit_state)
    select ${big.organizationId}, ${big.tenantId}, ${big.projectId}, ${big.appId}, 'job-' || i, 'user', repeat('text, "quoted" ', 8), 'q',
      '2025-03-29T00:00:00Z'::timestamptz + i * interval '1 second', 1, 1, 'completed'
    from generate_series(1, ${BIG_ROWS}) as i`;
  await insertJobs(sql, small, jobRows());
});
afterAll(() => sql.end());

describe("cancellation", () => {
  it.each<ExportFormat>(["csv", "parquet", "xlsx"])("%s: abort mid-stream rejects with AbortError within a second and leaves nothing", async (format) => {
    const dir = outDir(`cancel-${format}`);
    const controller = new AbortController();
    const seen: ExportProgress[] = [];
    let abortedAt = 0;
    const run = produceArchive(sql, request(big, { format }), {
      outDir: dir,
      baseName: "cancelled",
      signal: controller.signal,
      onProgress: (p) => {
        seen.push(p);
        if (p.rows > 0 && !abortedAt) {
          abortedAt = Date.now();
          controller.abort();
        }
      },
    });
    const err = await run.then(
      () => null,
      (e: Error) => e,
    );
    expect(err?.name).toBe("AbortError");
    expect(seen.at(-1)?.rows ?? 0).toBeLessThan(BIG_ROWS);
    expect(Date.now() - abortedAt).toBeLessThan(1000);
    expect(listAll(dir)).toEqual([]);
    // The pool is still healthy and no export query is left running.
    const running = await sql`select count(*)::int as n from pg_stat_activity
      where query like 'COPY (SELECT%' and query like ${`%${big.organizationId}%`} and state = 'active'`;
    expect(running[0].n).toBe(0);
  });

  it("an already aborted signal runs nothing", async () => {
    const dir = outDir("pre-aborted");
    const err = await produceArchive(sql, request(big, {}), { outDir: dir, baseName: "x", signal: AbortSignal.abort() }).then(
      () => null,
      (e: Error) => e,
    );
    expect(err?.name).toBe("AbortError");
    expect(listAll(dir)).toEqual([]);
  });
});

describe("progress and parts", () => {
  it("reports progress at least every second and ends with the final counts", async () => {
    const seen: { at: number; p: ExportProgress }[] = [];
    const res = await produceArchive(sql, request(big, { format: "ndjson" }), {
      outDir: outDir("progress"),
      baseName: "progress",
      onProgress: (p) => seen.push({ at: Date.now(), p }),
    });
    expect(res.rowCount).toBe(BIG_ROWS);
    expect(seen.at(-1)?.p).toEqual({ rows: BIG_ROWS, bytes: res.files[0].bytes });
    for (let i = 1; i < seen.length; i++) expect(seen[i].at - seen[i - 1].at).toBeLessThan(1100);
  });

  it("splits CSV into numbered parts on the row limit, each a complete file", async () => {
    const res = await produceArchive(sql, request(small, { format: "csv" }), { outDir: outDir("parts"), baseName: "jobs", partRowLimit: 7 });
    expect(res.files.map((f) => [f.name, f.rows])).toEqual([
      ["jobs-part-0001.csv", 7],
      ["jobs-part-0002.csv", 7],
      ["jobs-part-0003.csv", 2],
    ]);
    const entries = await unzip(res.path);
    const ids = res.files.flatMap((f) => {
      const parsed = Papa.parse<Record<string, string>>(entries.get(f.name)?.toString() ?? "", { header: true, skipEmptyLines: true });
      expect(parsed.data.length).toBe(f.rows);
      return parsed.data.map((r) => r.job_id);
    });
    expect(new Set(ids).size).toBe(16);
    expect(JSON.parse(entries.get("manifest.json")?.toString() ?? "").totals.rows).toBe(16);
  });

  it("splits JSON on the byte limit, every part valid JSON under the limit unless one row is bigger", async () => {
    const res = await produceArchive(sql, request(small, { format: "json" }), { outDir: outDir("parts-bytes"), baseName: "jobs", partByteLimit: 150_000 });
    expect(res.files.length).toBeGreaterThan(1);
    const entries = await unzip(res.path);
    let total = 0;
    for (const f of res.files) {
      const [header, ...records] = JSON.parse(entries.get(f.name)?.toString() ?? "") as unknown[][];
      expect(header[0]).toBe("id");
      expect(records.length).toBe(f.rows);
      if (f.rows > 1) expect(f.bytes).toBeLessThanOrEqual(150_000);
      total += f.rows;
    }
    expect(total).toBe(16);
  });

  it("splits Parquet on exact row counts", async () => {
    const res = await produceArchive(sql, request(big, { format: "parquet" }), { outDir: outDir("parts-pq"), baseName: "jobs", partRowLimit: 50_000 });
    expect(res.files.map((f) => f.rows)).toEqual([50_000, 50_000, 20_000]);
  });
});

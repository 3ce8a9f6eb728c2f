import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newScope, request, testSql } from "../../../test/exports/support";
import { sliceCuts } from "./slices";

/*
 * Cuts of an export's rows into slices of about equal rows, against real rows that arrive unevenly: a
 * quiet first half of the year and a busy second half. Read from every row, or from a sample of the
 * table's pages for a big export, the slices come out close to even either way.
 */
const sql = testSql();
const org = newScope();
const ROWS = 60_000;

beforeAll(async () => {
  // A tenth of the rows in January to June, the rest in July to December.
  await sql`
    insert into warehouse.jobs (organization_id, tenant_id, project_id, app_id, job_id, user_name, queue, submitted_at, nodes, cores, exit_state)
    select ${org.organizationId}::uuid, ${org.tenantId}::uuid, ${org.projectId}::uuid, ${org.appId}::uuid, 'job-' || i, 'u', 'q',
      case when i % 10 = 0 then '2025-01-01'::timestamptz + (i::float8 / ${ROWS}) * interval '180 days'
           else '2025-07-01'::timestamptz + (i::float8 / ${ROWS}) * interval '180 days' end,
      1, 1, 'completed'
    from generate_series(1, ${ROWS}) as i`;
  await sql`analyze warehouse.jobs`;
});
afterAll(() => sql.end());

async function sliceSizes(cuts: Date[]): Promise<number[]> {
  const bounds = [null, ...cuts, null];
  const sizes: number[] = [];
  for (let i = 0; i + 1 < bounds.length; i++) {
    const [{ n }] = await sql<{ n: number }[]>`
      select count(*)::int as n from warehouse.jobs where organization_id = ${org.organizationId} and tenant_id = ${org.tenantId}
        and (${bounds[i]?.toISOString() ?? null}::timestamptz is null or submitted_at >= ${bounds[i]?.toISOString() ?? null}::timestamptz)
        and (${bounds[i + 1]?.toISOString() ?? null}::timestamptz is null or submitted_at < ${bounds[i + 1]?.toISOString() ?? null}::timestamptz)`;
    sizes.push(n);
  }
  return sizes;
}

const req = () => request(org, { dateFrom: "2025-01-01", dateTo: "2025-12-31", timezone: "UTC", format: "csv" });
/** Every row, never a sample: the jobs table every test file shares may hold over a million rows by now. */
const EVERY_ROW = { sampleAboveRows: Number.POSITIVE_INFINITY };

describe("slice cuts", () => {
  it("divide unevenly spread rows into slices within a few percent of each other, from every row", async () => {
    const cuts = await sliceCuts(sql, req(), 8, EVERY_ROW);
    expect(cuts).toHaveLength(7);
    const sizes = await sliceSizes(cuts);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(ROWS);
    for (const size of sizes) expect(Math.abs(size - ROWS / 8)).toBeLessThan(ROWS / 8 / 10);
  });

  it("take the number of slices from the rows the histogram counted when the estimate behind it was wrong", async () => {
    // Three slices chosen from an estimate of a third of the rows (the planner's guess); the histogram counts 60,000: eight of 7,500.
    const cuts = await sliceCuts(sql, req(), 3, { ...EVERY_ROW, rowsEstimate: ROWS / 3, recount: (rows) => Math.ceil(rows / 7_500) });
    expect(cuts).toHaveLength(7);
    const sizes = await sliceSizes(cuts);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(ROWS);
    for (const size of sizes) expect(Math.abs(size - ROWS / 8)).toBeLessThan(ROWS / 8 / 5);
  });

  it("read a sample of the table's pages for a big export, and still come out close to even", async () => {
    // As if the export were 2,000,000 rows: the histogram reads about a tenth of the table's pages.
    const cuts = await sliceCuts(sql, req(), 8, { rowsEstimate: 2_000_000 });
    expect(cuts.length).toBeGreaterThanOrEqual(6);
    // A sample, not every row: the cuts differ from those of the full histogram.
    expect(cuts.map((c) => c.getTime())).not.toEqual((await sliceCuts(sql, req(), 8, EVERY_ROW)).map((c) => c.getTime()));
    const sizes = await sliceSizes(cuts);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(ROWS);
    for (const size of sizes) expect(size).toBeLessThan((ROWS / 8) * 2);
  });

  it("read a sample when the table is big though the estimate is small, and take the number of slices from the sample's count", async () => {
    // The planner guessed a third of the rows, under the size that samples; the table (every test's jobs) is over it.
    // A sample of about 30% of the table's pages, whatever other tests have added to it meanwhile.
    const [{ tableRows }] = await sql<{ tableRows: number }[]>`select reltuples::float8 as "tableRows" from pg_class where oid = 'warehouse.jobs'::regclass`;
    const sampleRows = Math.round(tableRows * 0.3);
    const opts = { rowsEstimate: ROWS / 3, sampleAboveRows: ROWS / 2, sampleRows, recount: (rows: number) => Math.ceil(rows / 7_500) };
    const cuts = await sliceCuts(sql, req(), 3, opts);
    // A sample: not the cuts of the histogram of every row.
    const everyRow = await sliceCuts(sql, req(), 3, { ...opts, ...EVERY_ROW });
    expect(cuts.map((c) => c.getTime())).not.toEqual(everyRow.map((c) => c.getTime()));
    // 60,000 rows scaled up from a sample: eight slices of 7,500, give or take one.
    expect(cuts.length).toBeGreaterThanOrEqual(6);
    expect(cuts.length).toBeLessThanOrEqual(8);
    const sizes = await sliceSizes(cuts);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(ROWS);
    for (const size of sizes) expect(size).toBeLessThan((ROWS / 8) * 2);
  });

  it("give no cuts for one slice, or for rows all at one instant", async () => {
    expect(await sliceCuts(sql, req(), 1)).toEqual([]);
    expect(await sliceCuts(sql, request(org, { dateFrom: "2024-01-01", dateTo: "2024-01-02", timezone: "UTC", format: "csv" }), 4)).toEqual([]);
  });
});

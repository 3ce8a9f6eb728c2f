import { compileFromWhere } from "./compile";
import type { Sql } from "./session";
import { quoteIdent, SqlText } from "./sql-text";
import type { ExportRequest } from "../types";
import { validateRequest } from "./validate";

const QUERY_CANCELED = "57014";
/** Buckets of the histogram per slice wanted: enough that slices come out within a few percent of each other. */
const BUCKETS_PER_SLICE = 32;
const MAX_BUCKETS = 8192;
/** Past this many rows the histogram reads a sample of about SAMPLE_ROWS of them. */
const SAMPLE_ABOVE_ROWS = 1_000_000;
const SAMPLE_ROWS = 200_000;
const MIN_SAMPLE_PER_SLICE = 200;

/** The query's rows, or null when it ran past the timeout. */
async function rowsWithin<R extends object>(sql: Sql, timeoutMs: number, query: { text: string; values: unknown[] }): Promise<R[] | null> {
  try {
    const rows = await sql.begin(async (tx) => {
      await tx`select set_config('statement_timeout', ${String(Math.max(1, Math.round(timeoutMs)))}, true)`;
      return tx.unsafe(query.text, query.values as never[]);
    });
    return rows as unknown as R[];
  } catch (err) {
    if ((err as { code?: string }).code === QUERY_CANCELED) return null;
    throw err;
  }
}

/** The rows of a realm's table as its statistics last counted them (0 before any ANALYZE). */
async function tableRows(sql: Sql, realm: { schema: string; table: string }): Promise<number> {
  const [row] = await sql<{ n: number | null }[]>`
    select greatest(reltuples, 0)::float8 as n from pg_class where oid = to_regclass(${`${quoteIdent(realm.schema)}.${quoteIdent(realm.table)}`})`;
  return Number(row?.n ?? 0);
}

/**
 * Instants that cut a request's rows into `count` slices of about equal rows along its realm's time column:
 * at most count − 1 of them, ascending, each slice being [previous cut, next cut). A histogram of the time
 * column (one aggregate over the rows, bounded by a timeout) places the cuts; when it takes too long, the
 * cuts divide the time between the first and last record evenly. Fewer cuts come back when the records
 * span too little time to divide (all at one instant, say).
 */
export async function sliceCuts(
  sql: Sql,
  req: ExportRequest,
  count: number,
  opts: {
    timeoutMs?: number;
    rowsEstimate?: number;
    /**
     * The slices wanted for the rows a histogram of every row counted. The estimate that chose `count` may
     * be the planner's guess (an exact count that ran out of time), off by several times; the histogram
     * counts anyway, so the count is corrected for free; a sample's count is scaled up to the whole table.
     */
    recount?: (rows: number) => number;
    /** Past this many rows (the estimate's or the table's) the histogram reads a sample; 1,000,000 unless told. */
    sampleAboveRows?: number;
    /** About how many of the table's rows the sample reads; 200,000 unless told. */
    sampleRows?: number;
  } = {},
): Promise<Date[]> {
  if (count <= 1) return [];
  const valid = validateRequest(req);
  const time = quoteIdent(valid.realm.timeColumn);
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const span = new SqlText()
    .add(`SELECT extract(epoch from min(${time}))::float8 AS lo, extract(epoch from max(${time}))::float8 AS hi`)
    .append(compileFromWhere(valid))
    .toParameterized();
  const [bounds] = (await rowsWithin<{ lo: number | null; hi: number | null }>(sql, timeoutMs, span)) ?? [];
  if (!bounds || bounds.lo == null || bounds.hi == null || bounds.hi <= bounds.lo) return [];
  const lo = bounds.lo;
  // The last record must fall inside the top bucket, whose upper edge is exclusive.
  const hi = bounds.hi + 0.001;
  const buckets = Math.min(MAX_BUCKETS, count * BUCKETS_PER_SLICE);
  const histogram = (samplePercent?: number) =>
    new SqlText()
      .add(`SELECT width_bucket(extract(epoch from ${time})::float8, `)
      .param(lo, "double precision")
      .add(", ")
      .param(hi, "double precision")
      .add(", ")
      .param(buckets, "integer")
      .add(") AS b, count(*)::float8 AS n")
      .append(compileFromWhere(valid, { samplePercent }))
      .add(" GROUP BY 1 ORDER BY 1")
      .toParameterized();
  // A big export's histogram comes from a sample of the table's pages, enough rows for every slice; a
  // sample that caught too few of the export's rows (they sit in few pages) gives way to all of them.
  // Big is judged by the table as well as the estimate: an estimate that is the planner's guess can be a
  // third of the rows, and a histogram of every row of a big export can take longer than the timeout.
  const estimate = Math.max(opts.rowsEstimate ?? 0, await tableRows(sql, valid.realm));
  const samplePercent =
    estimate > (opts.sampleAboveRows ?? SAMPLE_ABOVE_ROWS) ? Math.min(100, Math.max(0.5, (100 * (opts.sampleRows ?? SAMPLE_ROWS)) / estimate)) : undefined;
  const counted = (rows: { n: number }[]) => rows.reduce((n, r) => n + Number(r.n), 0);
  let rows = samplePercent === undefined ? null : await rowsWithin<{ b: number; n: number }>(sql, timeoutMs, histogram(samplePercent));
  if (rows && samplePercent !== undefined && counted(rows) >= count * MIN_SAMPLE_PER_SLICE) {
    // The sample's rows, scaled to the whole table, count the export's rows well enough to size its slices.
    if (opts.recount) count = Math.max(1, opts.recount(Math.round((counted(rows) * 100) / samplePercent)));
  } else {
    rows = await rowsWithin<{ b: number; n: number }>(sql, timeoutMs, histogram());
    if (rows && opts.recount) count = Math.max(1, opts.recount(counted(rows)));
  }
  const width = (hi - lo) / buckets;
  const seconds = rows ? cutsFromHistogram(rows, count, lo, width) : Array.from({ length: count - 1 }, (_, i) => lo + ((hi - lo) * (i + 1)) / count);
  const cuts: Date[] = [];
  for (const s of seconds) {
    const at = new Date(Math.round(s * 1000));
    // Milliseconds are the cut's precision: a cut that rounds onto the previous one (or the first record) adds nothing.
    if (at.getTime() > Math.round(lo * 1000) && (cuts.length === 0 || at.getTime() > cuts[cuts.length - 1].getTime())) cuts.push(at);
  }
  return cuts;
}

/** Where the running total of rows crosses each multiple of total / count, interpolated inside its bucket. */
function cutsFromHistogram(rows: { b: number; n: number }[], count: number, lo: number, width: number): number[] {
  const total = rows.reduce((sum, r) => sum + Number(r.n), 0);
  const cuts: number[] = [];
  let before = 0;
  let next = 1;
  for (const { b, n } of rows) {
    const inBucket = Number(n);
    while (next < count && before + inBucket >= (total * next) / count) {
      const share = inBucket === 0 ? 0 : ((total * next) / count - before) / inBucket;
      cuts.push(lo + (Number(b) - 1 + share) * width);
      next++;
    }
    before += inBucket;
  }
  return cuts;
}

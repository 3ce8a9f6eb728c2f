import { createHash } from "node:crypto";
import path from "node:path";
import ExcelJS from "exceljs";
import { parquetReadObjects } from "hyparquet";
import Papa from "papaparse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REALMS } from "../../realms/catalog";
import { produceArchive } from "../archive/produce";
import { guarded, insertJobs, jobRows, localOf, type JobRow } from "../../../test/exports/rows";
import { listAll, newScope, outDir, request, testSql, unzip } from "../../../test/exports/support";
import type { ExportFormat } from "../types";

const sql = testSql();
const scope = newScope();
const rows = jobRows();
const fields = REALMS.jobs.fields.map((f) => f.name);
/** Excel dates have no zone, so the XLSX header names the request's. */
const xlsxHeader = REALMS.jobs.fields.map((f) => (f.type === "timestamp" ? `${f.name} (Europe/Amsterdam)` : f.name));

beforeAll(() => insertJobs(sql, scope, rows));
afterAll(() => sql.end());

async function run(format: ExportFormat, options = {}) {
  const dir = outDir(`roundtrip-${format}`);
  const result = await produceArchive(sql, request(scope, { format, options }), { outDir: dir, baseName: "jobs-export" });
  const entries = await unzip(result.path);
  expect(listAll(dir)).toEqual(["jobs-export.zip"]);
  expect(result.rowCount).toBe(rows.length);
  const manifest = JSON.parse(entries.get("manifest.json")?.toString() ?? "{}");
  for (const f of result.files) {
    const data = entries.get(f.name);
    expect(data, f.name).toBeDefined();
    expect(
      createHash("sha256")
        .update(data ?? "")
        .digest("hex"),
    ).toBe(f.sha256);
    expect(data?.length).toBe(f.bytes);
  }
  expect(manifest.files).toEqual(result.files);
  expect(entries.get("README.txt")?.toString()).toContain("Europe/Amsterdam");
  expect(
    createHash("sha256")
      .update(await import("node:fs").then((fs) => fs.readFileSync(result.path)))
      .digest("hex"),
  ).toBe(result.sha256);
  return { result, entries };
}

/**
 * What an Excel date cell holds for a warehouse instant: its wall-clock time in the request's zone (read back
 * by exceljs as a Date whose UTC fields are that time), to the millisecond.
 */
function excelWallClock(utc: string): Date {
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?[+-]\d\d:\d\d$/.exec(localOf(utc) ?? "");
  if (!m) throw new Error(`no wall-clock time for ${utc}`);
  return new Date(`${m[1]}.${(m[2] ?? "").padEnd(3, "0").slice(0, 3)}Z`);
}

/** Records by job_id, since exports promise no order. */
function byJob<T extends Record<string, unknown>>(records: T[]): Map<string, T> {
  return new Map(records.map((r) => [String(r.job_id), r]));
}

function expectJob(
  r: Record<string, unknown>,
  src: JobRow,
  text: (s: string | null) => unknown,
  num: (n: number | null) => unknown,
  time: (utc: string) => unknown = localOf,
) {
  expect(r.job_name).toEqual(text(src.job_name));
  expect(r.user_name).toEqual(text(src.user_name));
  expect(r.submitted_at).toEqual(time(src.submitted_at));
  expect(r.started_at).toEqual(src.started_at === null ? text(null) : time(src.started_at));
  expect(r.nodes).toEqual(num(src.nodes));
  expect(r.cpu_hours).toEqual(num(src.cpu_hours));
  expect(r.memory_gb).toEqual(num(src.memory_gb));
  expect(r.exit_code).toEqual(num(src.exit_code));
}

describe("every format survives the nasty rows", () => {
  it("CSV: RFC 4180 read by papaparse, formula guard on text only, BOM on request", async () => {
    const { entries } = await run("csv", { csvBom: true });
    const text = entries.get("jobs-export.csv")?.toString("utf8") ?? "";
    expect(text.startsWith("\uFEFFid,job_id,")).toBe(true);
    const parsed = Papa.parse<Record<string, string>>(text.slice(1), { header: true, skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    expect(parsed.meta.fields).toEqual(fields);
    const got = byJob(parsed.data);
    for (const src of rows) {
      expectJob(
        got.get(src.job_id) ?? {},
        src,
        (s) => (s === null ? "" : guarded(s)),
        (n) => (n === null ? "" : String(n)),
      );
    }
    // Negative numbers stay numbers even though they start with "-".
    expect(got.get("job-1")?.memory_gb).toBe("-3.5");
  });

  it("CSV without the guard keeps text exactly", async () => {
    const { entries } = await run("csv", { formulaGuard: false });
    const parsed = Papa.parse<Record<string, string>>(entries.get("jobs-export.csv")?.toString() ?? "", { header: true, skipEmptyLines: true });
    const got = byJob(parsed.data);
    for (const src of rows) expect(got.get(src.job_id)?.job_name).toBe(src.job_name ?? "");
  });

  it("JSON: a header array then one array per record", async () => {
    const { entries } = await run("json");
    const [header, ...records] = JSON.parse(entries.get("jobs-export.json")?.toString() ?? "") as unknown[][];
    expect(header).toEqual(fields);
    const got = byJob(records.map((r) => Object.fromEntries(fields.map((f, i) => [f, r[i]]))));
    for (const src of rows)
      expectJob(
        got.get(src.job_id) ?? {},
        src,
        (s) => s,
        (n) => n,
      );
  });

  it("NDJSON and csv+ndjson: lossless objects, one per line, both files in one archive", async () => {
    const { entries, result } = await run("csv+ndjson");
    expect(result.files.map((f) => f.name)).toEqual(["jobs-export.csv", "jobs-export.ndjson"]);
    const lines = entries.get("jobs-export.ndjson")?.toString().split("\n") ?? [];
    expect(lines.pop()).toBe("");
    const got = byJob(lines.map((l) => JSON.parse(l) as Record<string, unknown>));
    expect(got.size).toBe(rows.length);
    for (const src of rows) {
      const r = got.get(src.job_id) ?? {};
      expectJob(
        r,
        src,
        (s) => s,
        (n) => n,
      );
      expect(typeof r.id).toBe("number");
    }
  });

  it("Parquet: typed columns read by hyparquet, timestamps as UTC instants", async () => {
    const { entries } = await run("parquet");
    const buf = entries.get("jobs-export.parquet") ?? Buffer.alloc(0);
    const file = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer;
    const records = (await parquetReadObjects({ file })) as Record<string, unknown>[];
    const got = byJob(records);
    expect(got.size).toBe(rows.length);
    for (const src of rows) {
      const r = got.get(src.job_id) ?? {};
      expect(r.job_name).toEqual(src.job_name);
      expect((r.submitted_at as Date).getTime()).toBe(new Date(src.submitted_at).getTime());
      expect(r.started_at === null ? null : (r.started_at as Date).getTime()).toBe(src.started_at && new Date(src.started_at).getTime());
      expect(r.nodes).toBe(src.nodes);
      expect(r.cpu_hours).toBe(src.cpu_hours);
      expect(r.exit_code).toBe(src.exit_code);
      expect(typeof r.id).toBe("bigint");
    }
  });

  it("XLSX: read back with exceljs, guarded text, numbers as numbers, timestamps as Excel dates in the request's zone", async () => {
    const { entries } = await run("xlsx");
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((entries.get("jobs-export.xlsx") ?? Buffer.alloc(0)) as unknown as ArrayBuffer);
    expect(book.worksheets.map((w) => w.name)).toEqual(["jobs"]);
    const sheet = book.worksheets[0];
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual(xlsxHeader);
    // A real date cell: a number styled with a date-and-time format, not text.
    const submitted = sheet.getRow(2).getCell(fields.indexOf("submitted_at") + 1);
    expect(submitted.type).toBe(ExcelJS.ValueType.Date);
    expect(submitted.numFmt).toBe("yyyy-mm-dd hh:mm:ss.000");
    const records: Record<string, unknown>[] = [];
    sheet.eachRow((row, n) => {
      if (n === 1) return;
      const v = row.values as unknown[];
      // Excel decodes OOXML _xHHHH_ escapes in cell text; exceljs leaves inline strings as written.
      const ooxml = (x: unknown) => (typeof x === "string" ? x.replace(/_x([0-9A-F]{4})_/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16))) : x);
      records.push(Object.fromEntries(fields.map((f, i) => [f, ooxml(v[i + 1]) ?? null])));
    });
    const got = byJob(records);
    for (const src of rows) {
      // A cell holding "" reads back as empty, like NULL: spreadsheets have no difference.
      expectJob(
        got.get(src.job_id) ?? {},
        src,
        (s) => (s === null || s === "" ? null : guarded(s)),
        (n) => n,
        excelWallClock,
      );
    }
  });
});

describe("XLSX worksheets", () => {
  /** Every sheet of a workbook: its name and its rows' values, header row included. */
  async function sheets(data: Buffer | undefined) {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((data ?? Buffer.alloc(0)) as unknown as ArrayBuffer);
    return book.worksheets.map((ws) => {
      const values: unknown[][] = [];
      ws.eachRow((row) => values.push((row.values as unknown[]).slice(1)));
      return { name: ws.name, values };
    });
  }
  const jobIdAt = fields.indexOf("job_id");

  it("a full sheet continues on the next, each with the header, in export order; each part starts over", async () => {
    expect(rows.length).toBeGreaterThan(7);
    const whole = await produceArchive(sql, request(scope, { format: "xlsx" }), { outDir: outDir("sheets-one"), baseName: "jobs" });
    const [only] = await sheets((await unzip(whole.path)).get("jobs.xlsx"));
    const order = only.values.slice(1).map((v) => v[jobIdAt]);
    expect(order).toHaveLength(rows.length);

    // Four rows per sheet: the header and three records.
    const split = await produceArchive(sql, request(scope, { format: "xlsx" }), { outDir: outDir("sheets-split"), baseName: "jobs", xlsxSheetRows: 4 });
    const book = await sheets((await unzip(split.path)).get("jobs.xlsx"));
    expect(book.map((s) => s.name)).toEqual(Array.from({ length: Math.ceil(rows.length / 3) }, (_, i) => (i === 0 ? "jobs" : `jobs (${i + 1})`)));
    for (const s of book) {
      expect(s.values[0]).toEqual(xlsxHeader);
      expect(s.values.length).toBeLessThanOrEqual(4);
    }
    expect(book.flatMap((s) => s.values.slice(1).map((v) => v[jobIdAt]))).toEqual(order);

    // Parts of five records: each workbook's sheets are numbered from its first.
    const parts = await produceArchive(sql, request(scope, { format: "xlsx" }), {
      outDir: outDir("sheets-parts"),
      baseName: "jobs",
      xlsxSheetRows: 4,
      partRowLimit: 5,
    });
    const entries = await unzip(parts.path);
    expect(parts.files.map((f) => f.rows)).toEqual(Array.from({ length: Math.ceil(rows.length / 5) }, (_, i) => Math.min(5, rows.length - 5 * i)));
    const seen: unknown[] = [];
    for (const f of parts.files) {
      const partSheets = await sheets(entries.get(f.name));
      expect(partSheets.map((s) => s.name)).toEqual(f.rows > 3 ? ["jobs", "jobs (2)"] : ["jobs"]);
      for (const s of partSheets) seen.push(...s.values.slice(1).map((v) => v[jobIdAt]));
    }
    expect(seen).toEqual(order);
  });
});

describe("events: JSON fields", () => {
  const ev = newScope();
  const props = { a: 'x"y', n: [1, 2.5, null], emoji: "🎉", nested: { k: "=1+2" } };
  beforeAll(async () => {
    await sql`insert into warehouse.events (organization_id, tenant_id, project_id, app_id, event_time, event_type, device_id, session_id, platform, country, properties)
      values (${ev.organizationId}, ${ev.tenantId}, ${ev.projectId}, ${ev.appId}, '2025-03-30T10:00:00Z', 'click', 'd1', 's1', 'web', null, ${sql.json(props)}),
             (${ev.organizationId}, ${ev.tenantId}, ${ev.projectId}, ${ev.appId}, '2025-03-30T11:00:00Z', 'click', 'd2', 's1', 'web', 'NL', null)`;
  });

  it("NDJSON keeps JSON as objects and NULL as null", async () => {
    const dir = outDir("events");
    const res = await produceArchive(sql, request(ev, { realm: "events", format: "ndjson" }), { outDir: dir, baseName: path.basename(dir) });
    const lines =
      (await unzip(res.path))
        .get(`${path.basename(dir)}.ndjson`)
        ?.toString()
        .trim()
        .split("\n") ?? [];
    const got = new Map(lines.map((l) => JSON.parse(l) as Record<string, unknown>).map((r) => [r.device_id, r]));
    expect(got.get("d1")?.properties).toEqual(props);
    expect(got.get("d1")?.country).toBeNull();
    expect(got.get("d2")?.properties).toBeNull();
    expect(got.get("d2")?.event_time).toBe("2025-03-30T13:00:00+02:00");
  });
});

describe("a row larger than any buffer on the way", () => {
  const huge = newScope();
  const big = `${'日本語 "quoted", '.repeat(600_000)}end`; // about 12 MB of UTF-8
  beforeAll(async () => {
    await sql`insert into warehouse.jobs (organization_id, tenant_id, project_id, app_id, job_id, user_name, job_name, queue, submitted_at, nodes, cores, exit_state)
      values (${huge.organizationId}, ${huge.tenantId}, ${huge.projectId}, ${huge.appId}, 'huge', 'u', ${big}, 'q', '2025-03-30T10:00:00Z', 1, 1, 'completed'),
             (${huge.organizationId}, ${huge.tenantId}, ${huge.projectId}, ${huge.appId}, 'small', 'u', 'tiny', 'q', '2025-03-30T11:00:00Z', 1, 1, 'completed')`;
  });

  it.each<ExportFormat>(["ndjson", "parquet"])("%s carries it whole", async (format) => {
    const dir = outDir(`huge-${format}`);
    const res = await produceArchive(sql, request(huge, { format }), { outDir: dir, baseName: "huge" });
    expect(res.rowCount).toBe(2);
    const data = (await unzip(res.path)).get(`huge.${format}`) ?? Buffer.alloc(0);
    const records: Record<string, unknown>[] =
      format === "ndjson"
        ? data
            .toString("utf8")
            .trim()
            .split("\n")
            .map((l) => JSON.parse(l) as Record<string, unknown>)
        : await parquetReadObjects({ file: data.buffer.slice(data.byteOffset, data.byteOffset + data.length) as ArrayBuffer });
    expect(records.map((r) => r.job_id)).toEqual(["huge", "small"]);
    expect(records[0].job_name).toBe(big);
    expect(records[1].job_name).toBe("tiny");
  });
});

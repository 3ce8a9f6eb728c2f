import fs from "node:fs";
import path from "node:path";
import { PassThrough, type Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import ExcelJS from "exceljs";
import type { RealmField } from "../../realms/catalog";
import { compileFromWhere, orderBy, selectList } from "../query/compile";
import type { ProduceContext, Produced } from "./context";
import { DigestStream, drained } from "../streams";
import { abortError } from "../errors";
import { guardFormula } from "./formula-guard";
import { partName } from "./parts";
import { SqlText } from "../query/sql-text";
import type { ArchiveFile } from "../types";

/** Excel's hard limit per worksheet, header row included. */
export const SHEET_ROWS = 1_048_576;

function cellValue(field: RealmField, v: unknown, guard: boolean): unknown {
  if (v === null || v === undefined) return null;
  switch (field.type) {
    case "integer":
    case "double":
      return typeof v === "number" ? v : Number(v);
    case "bigint": {
      const n = Number(v);
      return Number.isSafeInteger(n) ? n : String(v);
    }
    case "timestamp":
      // Milliseconds of the wall-clock time read as UTC: exceljs turns a Date's UTC fields into the serial.
      return new Date(typeof v === "number" ? v : Number(v));
    case "uuid":
      return String(v);
    default: {
      const s = String(v);
      return xmlSafe(guard ? guardFormula(s) : s);
    }
  }
}

/**
 * XML drops carriage returns and cannot hold most control characters, so they travel as OOXML's _xHHHH_
 * escapes (which Excel and exceljs decode); a literal "_xHHHH_" in the data is escaped the same way.
 */
function xmlSafe(s: string): string {
  if (!/[\x00-\x08\x0b-\x1f]|_x[0-9A-Fa-f]{4}_/.test(s)) return s;
  return s
    .replace(/_(x[0-9A-Fa-f]{4}_)/g, "_x005F_$1")
    .replace(/[\x00-\x08\x0b-\x1f]/g, (c) => `_x${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}_`);
}

/** XML a sheet may have waiting for compression before more rows are fetched. */
const SHEET_QUEUE_BYTES = 4 << 20;
/**
 * Rows rendered between two turns of the event loop. exceljs's zip hands the sheet's XML to zlib, which
 * compresses on another thread but is handed a chunk only when the event loop turns; yielding this often
 * keeps it compressing while rows are rendered, not only while the export waits for it to catch up.
 */
const ROWS_PER_TURN = 100;
/** zlib's output chunk, large enough that a chunk of sheet XML compresses in one go on zlib's thread. */
const ZLIB_CHUNK_BYTES = 1 << 20;
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * exceljs's sheet stream writes into the zip entry's stream and ignores its back-pressure, so the XML of
 * rows generated faster than they are compressed piles up there. This waits until the pile is back under
 * the limit, looking every 2 ms rather than waiting for it to empty, so compression never runs dry.
 * `_stream.pipes` is exceljs's private state: exceljs is pinned for it (pinned-internals.test.ts).
 */
async function sheetCaughtUp(sheet: ExcelJS.Worksheet, stopped: () => boolean): Promise<void> {
  const stream = (sheet as unknown as { _stream?: { pipes?: LegacyWritable[] } })._stream;
  for (const entry of stream?.pipes ?? []) {
    while ((entry._writableState?.length ?? 0) > SHEET_QUEUE_BYTES && !stopped()) await new Promise((r) => setTimeout(r, 2));
  }
}

/** A custom number format's id: ids below 164 are Excel's built-in formats. */
const DATE_TIME_FORMAT = { id: 164, formatCode: "yyyy-mm-dd hh:mm:ss.000" };

/**
 * Without styles (they cost time per cell) exceljs shows every date cell as "mm-dd-yy", hiding the time.
 * Its style stand-in gives date cells the style `_dateStyleId` from its `model`; this registers a
 * date-and-time format there first. Both are exceljs's private state: pinned (pinned-internals.test.ts).
 */
function dateTimeStyle(writer: ExcelJS.stream.xlsx.WorkbookWriter): void {
  const styles = (writer as unknown as { styles?: StylesStandIn }).styles;
  if (!styles?.model) return;
  styles.model.numFmts.push(DATE_TIME_FORMAT);
  styles._dateStyleId = styles.model.styles.length;
  styles.model.styles.push({ numFmtId: DATE_TIME_FORMAT.id, fontId: 0, fillId: 0, borderId: 0, xfId: 0 });
}

interface StylesStandIn {
  model?: { numFmts: { id: number; formatCode: string }[]; styles: Record<string, number>[] };
  _dateStyleId?: number;
}

/** The zip entry stream exceljs writes into comes from readable-stream 2, which predates `writableLength`. */
type LegacyWritable = Writable & { _writableState?: { length: number } };

/**
 * XLSX through exceljs's streaming writer. Rows come from a cursor in batches, the next one asked for while
 * this one is rendered; a batch is only rendered once exceljs's zip and the archive have taken what was
 * written before, so memory stays flat however many rows there are.
 * Timestamps become Excel dates: Excel's dates have no zone, so the cell holds the wall-clock time in the
 * request's timezone (the session's), to the millisecond, and the header names the zone.
 */
export async function produceXlsx(ctx: ProduceContext): Promise<Produced> {
  const { valid, session, progress } = ctx;
  const fields = valid.fields;
  // A timestamp cast to timestamp without zone is its wall-clock time in the session zone; its epoch is that
  // time read as UTC, which is what an Excel date holds.
  const select = selectList(fields, (f, c) =>
    f.type === "timestamp" ? `floor(extract(epoch from ${c}::timestamp) * 1000)::float8` : f.type === "json" ? `${c}::text` : c,
  );
  const { text, values } = new SqlText().add(`SELECT ${select}`).append(compileFromWhere(valid)).add(orderBy(valid)).toParameterized();
  const names = partName(ctx.baseName, "xlsx", ctx.numbered);
  const perSheet = Math.min(SHEET_ROWS, Math.max(2, ctx.xlsxSheetRows ?? SHEET_ROWS));
  const files: ArchiveFile[] = [];
  let book: { writer: ExcelJS.stream.xlsx.WorkbookWriter; sink: PassThrough; done: Promise<ArchiveFile>; rows: number; error?: Error } | undefined;
  let sheet: ExcelJS.Worksheet | undefined;
  let sheetRows = 0;
  /** Sheets in the open workbook: the first is named after the realm, the next "events (2)" and so on. */
  let sheets = 0;
  let rows = 0;

  const openBook = () => {
    const name = names(files.length + 1);
    const file = path.join(ctx.tmpDir, name);
    const sink = new PassThrough({ highWaterMark: 1 << 20 });
    const digest = new DigestStream((n) => (progress.bytes += n));
    // pipeline(), not pipe(): a failed file (a full disk) must also end the sink exceljs writes into.
    const done = pipeline(sink, digest, fs.createWriteStream(file, { highWaterMark: 1 << 20 })).then(() => ({
      name,
      rows: 0,
      bytes: digest.bytes,
      sha256: digest.sha256(),
    }));
    const writer = new ExcelJS.stream.xlsx.WorkbookWriter({
      stream: sink,
      useStyles: false,
      useSharedStrings: false,
      zip: { zlib: { level: 1, chunkSize: ZLIB_CHUNK_BYTES } },
    });
    dateTimeStyle(writer);
    const opened: NonNullable<typeof book> = { writer, sink, done, rows: 0 };
    done.catch((err: Error) => (opened.error ??= err));
    book = opened;
    sheet = undefined;
    sheets = 0;
  };
  const header = fields.map((f) => (f.type === "timestamp" ? `${f.name} (${valid.req.timezone})` : f.name));
  const openSheet = (into: NonNullable<typeof book>) => {
    sheet?.commit();
    sheets++;
    sheet = into.writer.addWorksheet(sheets === 1 ? valid.realm.id : `${valid.realm.id} (${sheets})`);
    sheet.addRow(header).commit();
    sheetRows = 1;
  };
  const closeBook = async () => {
    if (!book) return;
    sheet?.commit();
    // exceljs would wait forever to finish its zip into a sink that failed.
    await Promise.race([book.writer.commit(), book.done]);
    const file = await book.done;
    files.push({ ...file, rows: book.rows });
    book = undefined;
  };

  // The next batch is asked for before this one is rendered, so the database produces it meanwhile.
  const batches = session.conn
    .unsafe(text, values as never[])
    .values()
    .cursor(2000)
    [Symbol.asyncIterator]();
  const ask = () => {
    const asked = Promise.resolve(batches.next());
    // Left unawaited when the export stops early; closing the session then rejects it.
    asked.catch(() => {});
    return asked;
  };
  let next = ask();
  for (let res = await next; !res.done; res = await next) {
    next = ask();
    if (ctx.signal.aborted) throw abortError(ctx.signal.reason);
    for (const row of res.value as unknown as unknown[][]) {
      if (book && book.rows >= ctx.limits.rows) await closeBook();
      if (!book) openBook();
      if (book && (!sheet || sheetRows >= perSheet)) openSheet(book);
      // Rows arrive as arrays in field order; each value is replaced by its cell value in place.
      for (let i = 0; i < fields.length; i++) row[i] = cellValue(fields[i], row[i], ctx.formulaGuard);
      sheet?.addRow(row).commit();
      sheetRows++;
      if (book) book.rows++;
      rows++;
      if (rows % ROWS_PER_TURN === 0) await nextTurn();
    }
    progress.rows = rows;
    // exceljs hands a sheet's XML to its zip, and the zip's output to us, without waiting for either to
    // keep up; wait until both have taken what was written before rendering more rows.
    const open = book;
    if (sheet && open) await sheetCaughtUp(sheet, () => ctx.signal.aborted || open.error !== undefined);
    if (open) await drained(open.sink).catch((err: unknown) => Promise.reject(open.error ?? err));
    if (open?.error) throw open.error;
  }
  if (!book && files.length === 0) openBook();
  if (book && !sheet) openSheet(book);
  await closeBook();
  for (const f of files) ctx.archive.append(f.name, fs.createReadStream(path.join(ctx.tmpDir, f.name)), true, ctx.date);
  return { files, rowCount: rows };
}

import { PassThrough, Readable } from "node:stream";
import ExcelJS from "exceljs";
import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import ZipStream from "zip-stream";
import { testSql } from "../../test/exports/support";

/*
 * The export engine leans on private parts of three packages, which is why package.json pins them exactly
 * (README, "How it fits together"). Raising a pin is safe once this file passes: each test looks for the
 * private member on a real instance, with the type the engine expects of it.
 */

/** A private member read the way the engine reads it: from outside the type the package declares. */
const member = (target: object, name: string): unknown => (target as Record<string, unknown>)[name];

describe("zip-stream (archive/zip.ts)", () => {
  it("still routes each entry through _smartStream(entry, callback) and records it with _afterAppend(entry)", async () => {
    const zip = new ZipStream();
    const smart = member(zip, "_smartStream");
    const after = member(zip, "_afterAppend");
    expect(typeof smart).toBe("function");
    expect((smart as () => void).length).toBe(2);
    expect(typeof after).toBe("function");
    expect((after as () => void).length).toBe(1);
    // The archive writer replaces _smartStream; it only works if entry() still calls it for a stream.
    const calls: string[] = [];
    const original = smart as (this: ZipStream, ...args: unknown[]) => unknown;
    Object.assign(zip, {
      _smartStream(this: ZipStream, ...args: unknown[]) {
        calls.push("smart");
        return original.apply(this, args);
      },
    });
    zip.resume();
    await new Promise<void>((resolve, reject) =>
      zip.entry(Readable.from([Buffer.from("a,b\n")]), { name: "data.csv" }, (err) => (err ? reject(err) : resolve())),
    );
    zip.finalize();
    expect(calls).toEqual(["smart"]);
  });
});

describe("exceljs (formats/xlsx.ts)", () => {
  it("still keeps a worksheet's XML stream in _stream, piped into zip entries that have a _writableState.length", async () => {
    const sink = new PassThrough();
    sink.resume();
    const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useStyles: false, useSharedStrings: false });
    const sheet = writer.addWorksheet("jobs");
    sheet.addRow(["job_id"]).commit();
    const stream = member(sheet, "_stream");
    expect(stream).toBeTypeOf("object");
    const pipes = member(stream as object, "pipes");
    expect(Array.isArray(pipes)).toBe(true);
    expect((pipes as unknown[]).length).toBeGreaterThan(0);
    for (const entry of pipes as object[]) {
      const state = member(entry, "_writableState");
      expect(state).toBeTypeOf("object");
      expect(member(state as object, "length")).toBeTypeOf("number");
    }
    await writer.commit();
  });

  it("still gives date cells, without styles, the style `styles._dateStyleId` from `styles.model` (numFmts, styles)", () => {
    const sink = new PassThrough();
    sink.resume();
    const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useStyles: false, useSharedStrings: false });
    const styles = member(writer, "styles") as { addStyleModel(model: object, type: number): number; model: Record<string, unknown> };
    expect(Array.isArray(styles.model.numFmts)).toBe(true);
    expect(Array.isArray(styles.model.styles)).toBe(true);
    Object.assign(styles, { _dateStyleId: 7 });
    expect(styles.addStyleModel({}, ExcelJS.ValueType.Date)).toBe(7);
  });
});

describe("postgres.js (query/session.ts)", () => {
  const pool = testSql();
  afterAll(() => pool.end());

  it("still takes a pool's parsed options back as they are, recognised by their `shared` member", async () => {
    const shared = member(pool.options, "shared");
    expect(shared).toBeTypeOf("object");
    const copied = { ...pool.options, max: 1, onnotice: () => {} };
    const conn = postgres(copied as unknown as postgres.Options<Record<string, never>>);
    try {
      expect(conn.options).toBe(copied);
      expect(member(conn.options, "shared")).toBe(shared);
      const [{ one }] = await conn<{ one: number }[]>`select 1 as one`;
      expect(one).toBe(1);
    } finally {
      await conn.end({ timeout: 0 });
    }
  });

  it("still answers COPY TO STDOUT with a Readable whose own _read resumes the socket", async () => {
    const stream: Readable = await pool.unsafe("COPY (SELECT 1) TO STDOUT").readable();
    expect(stream).toBeInstanceOf(Readable);
    // session.ts calls stream._read(0) at the end of a COPY to resume a socket postgres.js left paused.
    expect(Object.hasOwn(stream, "_read")).toBe(true);
    expect(typeof member(stream, "_read")).toBe("function");
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).toString()).toBe("1\n");
  });
});

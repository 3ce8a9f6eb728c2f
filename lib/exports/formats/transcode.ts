import type { RealmField } from "../../realms/catalog";

/**
 * Turns the CSV that Postgres COPY prints (raw column text, timestamps in the session zone as
 * "2025-03-30 01:30:00+01") into the export's CSV, JSON or NDJSON on the Node side, so the database does
 * no more work than a plain COPY. Every chunk it returns ends on a row boundary and lists where each row
 * ends, which is what splitting into parts needs.
 *
 * This runs once per byte of every export, so each format is one flat loop over the input with its state
 * in locals: no calls, allocations or buffer copies per field. Rows cut by a chunk boundary are carried
 * over and parsed again with the next chunk.
 */
export type TextFormat = "csv" | "json" | "ndjson";

export interface RowChunk {
  data: Buffer;
  /** Offsets in `data` just after each row's terminator. */
  rowEnds: number[];
}

const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;
const BACKSLASH = 0x5c;
const APOS = 0x27;
const SPACE = 0x20;
const T = 0x54;
const COLON = 0x3a;
const ZERO = 0x30;
const NINE = 0x39;
const PLUS = 0x2b;
const MINUS = 0x2d;

// How each column is rewritten.
const PASS = 0; // CSV: bytes as they are
const GUARD = 1; // CSV: text or JSON that may need the formula guard
const TS = 2; // both: timestamp reshaped to ISO 8601
const JSTR = 3; // JSON: a string
const JRAW = 4; // JSON: JSON text as it is
const JNUM = 5; // JSON: a number; NaN and Infinity become strings

const HEX = Uint8Array.from(Buffer.from("0123456789abcdef"));
const NULL_TEXT = Uint8Array.from(Buffer.from("null"));

/** Bytes JSON strings must escape, with the letter of their short escape (0 for \u00XX). */
const JSON_ESCAPE = new Uint8Array(256);
for (let b = 0; b < 0x20; b++) JSON_ESCAPE[b] = 0xff;
JSON_ESCAPE[QUOTE] = QUOTE;
JSON_ESCAPE[BACKSLASH] = BACKSLASH;
JSON_ESCAPE[LF] = 0x6e;
JSON_ESCAPE[0x0d] = 0x72;
JSON_ESCAPE[0x09] = 0x74;

const FORMULA_START = new Uint8Array(256);
for (const c of "=+-@\t\r") FORMULA_START[c.charCodeAt(0)] = 1;

const SCRATCH_KEPT = 32 << 20;

/** Returned by the loops when the input ends inside a row. */
interface LoopResult {
  /** Bytes of output written for the complete rows. */
  written: number;
  /** Input offset where the first incomplete row starts (the input length when none is). */
  consumed: number;
}

export class CopyTranscoder {
  private readonly kinds: Uint8Array;
  /** JSON: each column's prefix ("," or ,"name":), all in one buffer. */
  private readonly keyBytes: Uint8Array;
  private readonly keyStart: Int32Array;
  private readonly rowOpen: Uint8Array;
  private readonly rowClose: Uint8Array;
  /** Most output bytes one input byte can turn into, so a push can size its buffer once. */
  private readonly growth: number;
  private scratch: Buffer = Buffer.allocUnsafe(0);
  /** The start of a row cut off by the end of the last chunk, and chunks gathered after it. */
  private carry: Buffer[] = [];
  private carryBytes = 0;

  constructor(
    fields: RealmField[],
    private readonly format: TextFormat,
    guard: boolean,
  ) {
    this.kinds = Uint8Array.from(fields, (f) => {
      if (f.type === "timestamp") return TS;
      if (format === "csv") return guard && (f.type === "text" || f.type === "json") ? GUARD : PASS;
      if (f.type === "json") return JRAW;
      if (f.type === "text" || f.type === "uuid") return JSTR;
      return JNUM;
    });
    const keys = fields.map((f, i) => Buffer.from(format === "ndjson" ? `${i ? "," : ""}${JSON.stringify(f.name)}:` : i ? "," : ""));
    this.keyBytes = Uint8Array.from(Buffer.concat(keys));
    this.keyStart = new Int32Array(keys.length + 1);
    keys.forEach((k, i) => (this.keyStart[i + 1] = this.keyStart[i] + k.length));
    this.rowOpen = Uint8Array.from(Buffer.from(format === "ndjson" ? "{" : format === "json" ? ",\n[" : ""));
    this.rowClose = Uint8Array.from(Buffer.from(format === "ndjson" ? "}\n" : format === "json" ? "]" : "\n"));
    const longestKey = Math.max(0, ...keys.map((k) => k.length));
    // CSV adds at most an apostrophe or ":00" per field. JSON escapes a byte into at most six, and a field
    // (at least one input byte, its delimiter) gains at most its key, quotes and "null" or ":00".
    this.growth = format === "csv" ? 4 : 8 + longestKey + this.rowOpen.length + this.rowClose.length;
  }

  /** Feeds one chunk of COPY output; returns the complete rows it finished, or null. The chunk is not kept. */
  push(chunk: Buffer): RowChunk | null {
    if (chunk.length === 0) return null;
    if (this.gather(chunk)) return null;
    return this.parse(chunk);
  }

  /** Everything left once COPY has finished: rows still gathered, or an error if COPY stopped mid-row. */
  end(): RowChunk | null {
    if (this.carryBytes === 0) return null;
    const rows = this.parse(Buffer.alloc(0));
    if (this.carryBytes > 0) throw new Error("COPY output ended inside a row");
    return rows;
  }

  /** Adds a chunk to a carried-over row; true while that row is still being gathered. */
  private gather(chunk: Buffer): boolean {
    if (this.carryBytes === 0) return false;
    // A row longer than a chunk (very long text) gathers chunks until it has doubled, so it is not parsed
    // again for every chunk. A chunk kept past this call is copied: callers may reuse theirs.
    const waiting = this.carry[0].length > 4 * chunk.length && this.carryBytes + chunk.length < 2 * this.carry[0].length;
    this.carry.push(waiting ? Buffer.from(chunk) : chunk);
    this.carryBytes += chunk.length;
    return waiting;
  }

  private parse(chunk: Buffer): RowChunk | null {
    const src = this.carryBytes > 0 ? Buffer.concat(this.carry, this.carryBytes) : chunk;
    // Sized for the worst case, which only a rare huge row makes large: untouched pages of an unsafe
    // allocation take no memory, and a buffer that large is not kept.
    const need = src.length * this.growth + 64;
    const out = this.scratch.length >= need ? this.scratch : Buffer.allocUnsafe(need);
    if (need <= SCRATCH_KEPT) this.scratch = out;
    const rowEnds: number[] = [];
    const res =
      this.format === "csv"
        ? csvLoop(src, out, this.kinds, rowEnds)
        : jsonLoop(src, out, this.kinds, this.keyBytes, this.keyStart, this.rowOpen, this.rowClose, rowEnds);
    if (res.consumed < src.length) {
      const rest = Buffer.from(src.subarray(res.consumed));
      this.carry = [rest];
      this.carryBytes = rest.length;
    } else {
      this.carry = [];
      this.carryBytes = 0;
    }
    if (rowEnds.length === 0) return null;
    const data = Buffer.allocUnsafe(res.written);
    out.copy(data, 0, 0, res.written);
    return { data, rowEnds };
  }
}

/**
 * CSV to CSV: bytes are copied as they are, except an apostrophe before a guarded cell that starts like a
 * formula, and timestamps reshaped in flight.
 */
function csvLoop(src: Uint8Array, out: Uint8Array, kinds: Uint8Array, rowEnds: number[]): LoopResult {
  const n = src.length;
  const cols = kinds.length;
  let p = 0;
  let o = 0;
  let rowStart = 0;
  let rowOut = 0;
  let col = 0;
  while (p < n) {
    const kind = kinds[col];
    let b = src[p];
    if (b === QUOTE) {
      // Quoted: copy through to the closing quote; a doubled quote inside stays doubled.
      out[o++] = QUOTE;
      p++;
      if (kind === GUARD && p < n && FORMULA_START[src[p]] === 1) out[o++] = APOS;
      for (;;) {
        if (p >= n) return { written: rowOut, consumed: rowStart };
        b = src[p];
        if (b === QUOTE) {
          if (p + 1 >= n) return { written: rowOut, consumed: rowStart };
          if (src[p + 1] !== QUOTE) break;
          out[o++] = QUOTE;
          p++;
        }
        out[o++] = b;
        p++;
      }
      out[o++] = QUOTE;
      p++;
    } else if (kind === TS) {
      const start = o;
      while (p < n && (b = src[p]) !== COMMA && b !== LF) {
        out[o++] = b;
        p++;
      }
      o = isoTimestamp(out, start, o);
    } else {
      if (kind === GUARD && FORMULA_START[b] === 1) out[o++] = APOS;
      while (p < n && (b = src[p]) !== COMMA && b !== LF) {
        out[o++] = b;
        p++;
      }
    }
    if (p >= n) return { written: rowOut, consumed: rowStart };
    b = src[p++];
    out[o++] = b;
    if (b === LF) {
      if (col !== cols - 1) throw new Error(`COPY row has ${col + 1} columns, expected ${cols}`);
      rowEnds.push(o);
      rowOut = o;
      rowStart = p;
      col = 0;
    } else col++;
  }
  return { written: rowOut, consumed: rowStart };
}

/** CSV to JSON arrays or NDJSON objects, typed by column kind. */
function jsonLoop(
  src: Uint8Array,
  out: Uint8Array,
  kinds: Uint8Array,
  keyBytes: Uint8Array,
  keyStart: Int32Array,
  rowOpen: Uint8Array,
  rowClose: Uint8Array,
  rowEnds: number[],
): LoopResult {
  const n = src.length;
  const cols = kinds.length;
  let p = 0;
  let o = 0;
  let rowStart = 0;
  let rowOut = 0;
  let col = 0;
  while (p < n) {
    if (col === 0) for (let k = 0; k < rowOpen.length; k++) out[o++] = rowOpen[k];
    for (let k = keyStart[col], e = keyStart[col + 1]; k < e; k++) out[o++] = keyBytes[k];
    const kind = kinds[col];
    let b = src[p];
    if (b === QUOTE) {
      // Quoted (text or JSON with special characters, or an empty string): undouble the quotes.
      p++;
      if (kind !== JRAW) out[o++] = QUOTE;
      for (;;) {
        if (p >= n) return { written: rowOut, consumed: rowStart };
        b = src[p];
        if (b === QUOTE) {
          if (p + 1 >= n) return { written: rowOut, consumed: rowStart };
          if (src[p + 1] !== QUOTE) break;
          p++;
        }
        if (kind !== JRAW && JSON_ESCAPE[b] !== 0) o = escapeByte(out, o, b);
        else out[o++] = b;
        p++;
      }
      if (kind !== JRAW) out[o++] = QUOTE;
      p++;
    } else if (b === COMMA || b === LF) {
      // Unquoted and empty: NULL.
      for (let k = 0; k < 4; k++) out[o++] = NULL_TEXT[k];
    } else if (kind === TS) {
      out[o++] = QUOTE;
      const start = o;
      while (p < n && (b = src[p]) !== COMMA && b !== LF) {
        out[o++] = b;
        p++;
      }
      o = isoTimestamp(out, start, o);
      out[o++] = QUOTE;
    } else if (kind === JSTR) {
      out[o++] = QUOTE;
      while (p < n && (b = src[p]) !== COMMA && b !== LF) {
        if (JSON_ESCAPE[b] !== 0) o = escapeByte(out, o, b);
        else out[o++] = b;
        p++;
      }
      out[o++] = QUOTE;
    } else {
      // Numbers and JSON text pass through; a number that is not one (NaN, Infinity) becomes a string.
      const numeric = kind === JRAW || (b >= ZERO && b <= NINE) || (b === MINUS && p + 1 < n && src[p + 1] >= ZERO && src[p + 1] <= NINE);
      if (!numeric) out[o++] = QUOTE;
      while (p < n && (b = src[p]) !== COMMA && b !== LF) {
        out[o++] = b;
        p++;
      }
      if (!numeric) out[o++] = QUOTE;
    }
    if (p >= n) return { written: rowOut, consumed: rowStart };
    b = src[p++];
    if (b === LF) {
      if (col !== cols - 1) throw new Error(`COPY row has ${col + 1} columns, expected ${cols}`);
      for (let k = 0; k < rowClose.length; k++) out[o++] = rowClose[k];
      rowEnds.push(o);
      rowOut = o;
      rowStart = p;
      col = 0;
    } else col++;
  }
  return { written: rowOut, consumed: rowStart };
}

/** Writes a byte JSON strings must escape: \" \\ \n \r \t or \u00XX. */
function escapeByte(out: Uint8Array, o: number, b: number): number {
  out[o++] = BACKSLASH;
  const short = JSON_ESCAPE[b];
  if (short !== 0xff) {
    out[o++] = short;
    return o;
  }
  out[o++] = 0x75;
  out[o++] = ZERO;
  out[o++] = ZERO;
  out[o++] = HEX[b >> 4];
  out[o++] = HEX[b & 15];
  return o;
}

/**
 * Reshapes "2025-03-30 01:30:00[.ffffff]+01" in place to "2025-03-30T01:30:00[.ffffff]+01:00" and returns the new end.
 * Offsets Postgres prints with minutes or seconds already carry colons; infinity is left alone.
 */
function isoTimestamp(out: Uint8Array, start: number, end: number): number {
  if (end - start < 22 || out[start + 10] !== SPACE) return end;
  out[start + 10] = T;
  const sign = out[end - 3];
  if ((sign === PLUS || sign === MINUS) && out[end - 2] >= ZERO && out[end - 2] <= NINE) {
    out[end] = COLON;
    out[end + 1] = ZERO;
    out[end + 2] = ZERO;
    return end + 3;
  }
  return end;
}

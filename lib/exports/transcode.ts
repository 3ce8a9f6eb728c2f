import type { RealmField } from "../realms/catalog";

/**
 * Turns the CSV that Postgres COPY prints (raw column text, timestamps in the session zone as
 * "2025-03-30 01:30:00+01") into the export's CSV, JSON or NDJSON, byte by byte on the Node side, so the
 * database does no more work than a plain COPY. Every chunk it returns ends on a row boundary and lists
 * where each row ends, which is what splitting into parts needs.
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

// How each column is rewritten.
const PASS = 0; // CSV: bytes as they are
const GUARD = 1; // CSV: text or JSON that may need the formula guard
const TS = 2; // both: timestamp, buffered and reshaped to ISO 8601
const JSTR = 3; // JSON: a string
const JRAW = 4; // JSON: JSON text as it is
const JNUM = 5; // JSON: a number, buffered to catch NaN and Infinity

const HEX = Buffer.from("0123456789abcdef");

export class CopyTranscoder {
  private readonly kinds: Uint8Array;
  private readonly keys: Buffer[];
  private readonly rowOpen: Buffer;
  private readonly rowClose: Buffer;
  private out: Buffer<ArrayBufferLike> = Buffer.allocUnsafe(1 << 17);
  private o = 0;
  // Parser state carried across chunks.
  private col = 0;
  private inQuoted = false;
  private quotePending = false;
  private fieldQuoted = false;
  private fieldBytes = 0;
  private open = false;
  private small: Buffer<ArrayBufferLike> = Buffer.allocUnsafe(256);
  private smallLen = 0;

  constructor(
    fields: RealmField[],
    private readonly format: TextFormat,
    private readonly guard: boolean,
  ) {
    this.kinds = Uint8Array.from(fields, (f) => {
      if (f.type === "timestamp") return TS;
      if (format === "csv") return guard && (f.type === "text" || f.type === "json") ? GUARD : PASS;
      if (f.type === "json") return JRAW;
      if (f.type === "text" || f.type === "uuid") return JSTR;
      return JNUM;
    });
    const names = fields.map((f) => JSON.stringify(f.name));
    this.keys = names.map((n, i) => Buffer.from(format === "ndjson" ? `${i ? "," : ""}${n}:` : i ? "," : ""));
    this.rowOpen = Buffer.from(format === "ndjson" ? "{" : format === "json" ? ",\n[" : "");
    this.rowClose = Buffer.from(format === "ndjson" ? "}\n" : format === "json" ? "]" : "\n");
  }

  private ensure(extra: number): void {
    if (this.o + extra <= this.out.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.out.length * 2, this.o + extra));
    this.out.copy(bigger, 0, 0, this.o);
    this.out = bigger;
  }

  private put(b: Buffer): void {
    this.ensure(b.length);
    b.copy(this.out, this.o);
    this.o += b.length;
  }

  /** Feeds one chunk of COPY output; returns the complete rows it finished, or null. */
  push(chunk: Buffer): RowChunk | null {
    const rowEnds: number[] = [];
    const kinds = this.kinds;
    const csv = this.format === "csv";
    const n = chunk.length;
    // Worst case a byte becomes a 6-byte \u escape; field and row decorations are checked where they happen.
    this.ensure(n * 6 + 64);
    // The loop runs once per byte of the export, so its state lives in locals and is saved at the end.
    let out = this.out;
    let o = this.o;
    let kind = kinds[this.col];
    let inQuoted = this.inQuoted;
    let quotePending = this.quotePending;
    let fieldBytes = this.fieldBytes;
    let small = this.small;
    let smallLen = this.smallLen;
    for (let i = 0; i < n; i++) {
      const b = chunk[i];
      if (inQuoted) {
        if (b === QUOTE && !quotePending) {
          quotePending = true;
          continue;
        }
        if (!quotePending || b === QUOTE) {
          quotePending = false;
          // Content inside quotes, or a doubled quote standing for one.
          if (kind === TS || kind === JNUM) {
            if (smallLen === small.length) small = this.growSmall();
            small[smallLen++] = b;
          } else if (csv) {
            if (fieldBytes === 0 && kind === GUARD && isFormulaStart(b)) out[o++] = APOS;
            if (b === QUOTE) out[o++] = QUOTE;
            out[o++] = b;
          } else if (kind === JSTR) o = jsonByte(out, o, b, fieldBytes === 0);
          else out[o++] = b;
          fieldBytes++;
          continue;
        }
        quotePending = false;
        inQuoted = false;
        if (csv && kind !== TS) out[o++] = QUOTE;
      }
      if (b === COMMA || b === LF) {
        this.o = o;
        if (!this.open) this.openRow();
        this.fieldBytes = fieldBytes;
        this.smallLen = smallLen;
        this.endField(kind, csv);
        fieldBytes = 0;
        smallLen = 0;
        if (b === COMMA) {
          this.col++;
          kind = kinds[this.col];
          this.put(this.keys[this.col]);
        } else {
          this.put(this.rowClose);
          rowEnds.push(this.o);
          this.col = 0;
          kind = kinds[0];
          this.open = false;
        }
        this.ensure((n - i) * 6 + 64);
        out = this.out;
        o = this.o;
        continue;
      }
      if (!this.open) {
        this.o = o;
        this.openRow();
        out = this.out;
        o = this.o;
      }
      if (b === QUOTE && fieldBytes === 0 && !this.fieldQuoted) {
        inQuoted = true;
        this.fieldQuoted = true;
        if (csv && kind !== TS) out[o++] = QUOTE;
        continue;
      }
      if (kind === TS || kind === JNUM) {
        if (smallLen === small.length) small = this.growSmall();
        small[smallLen++] = b;
      } else if (csv) {
        if (fieldBytes === 0 && kind === GUARD && isFormulaStart(b)) out[o++] = APOS;
        out[o++] = b;
      } else if (kind === JSTR) o = jsonByte(out, o, b, fieldBytes === 0);
      else out[o++] = b;
      fieldBytes++;
    }
    this.o = o;
    this.inQuoted = inQuoted;
    this.quotePending = quotePending;
    this.fieldBytes = fieldBytes;
    this.smallLen = smallLen;
    return this.cut(rowEnds);
  }

  private growSmall(): Buffer<ArrayBufferLike> {
    const bigger = Buffer.allocUnsafe(this.small.length * 2);
    this.small.copy(bigger);
    this.small = bigger;
    return bigger;
  }

  /** Everything left once COPY has finished: COPY ends every row with a newline, so normally nothing. */
  end(): RowChunk | null {
    if (this.open || this.inQuoted) throw new Error("COPY output ended inside a row");
    return this.cut([]);
  }

  private cut(rowEnds: number[]): RowChunk | null {
    if (rowEnds.length === 0) return null;
    const last = rowEnds[rowEnds.length - 1];
    const data = this.out.subarray(0, last);
    const rest = this.o - last;
    const next = Buffer.allocUnsafe(Math.max(1 << 17, rest * 2));
    this.out.copy(next, 0, last, this.o);
    this.out = next;
    this.o = rest;
    return { data, rowEnds };
  }

  private openRow(): void {
    this.open = true;
    this.put(this.rowOpen);
    this.put(this.keys[0]);
    this.ensure(64);
  }

  private endField(kind: number, csv: boolean): void {
    const empty = this.fieldBytes === 0;
    const quoted = this.fieldQuoted;
    this.fieldBytes = 0;
    this.fieldQuoted = false;
    this.ensure(this.smallLen + 16);
    const out = this.out;
    if (kind === TS || kind === JNUM) {
      const len = this.smallLen;
      this.smallLen = 0;
      if (empty) {
        if (!csv) this.put(NULL);
        return;
      }
      const numeric = kind === JNUM && isJsonNumber(this.small, len);
      if (!csv && !numeric) out[this.o++] = QUOTE;
      this.o += this.small.copy(out, this.o, 0, len);
      if (kind === TS) this.o = isoTimestamp(out, this.o - len, this.o);
      if (!csv && !numeric) out[this.o++] = QUOTE;
      return;
    }
    if (csv) return;
    if (empty) this.put(quoted && kind === JSTR ? EMPTY_STRING : NULL);
    else if (kind === JSTR) out[this.o++] = QUOTE;
  }
}

const NULL = Buffer.from("null");

function isFormulaStart(b: number): boolean {
  return b === 0x3d || b === 0x2b || b === 0x2d || b === 0x40 || b === 0x09 || b === 0x0d;
}

/** Writes one byte of a JSON string (opening the quotes on the first), escaping what JSON requires. */
function jsonByte(out: Buffer, o: number, b: number, first: boolean): number {
  if (first) out[o++] = QUOTE;
  if (b >= 0x20 && b !== QUOTE && b !== BACKSLASH) {
    out[o++] = b;
    return o;
  }
  out[o++] = BACKSLASH;
  if (b === QUOTE || b === BACKSLASH) out[o++] = b;
  else if (b === LF) out[o++] = 0x6e;
  else if (b === 0x0d) out[o++] = 0x72;
  else if (b === 0x09) out[o++] = 0x74;
  else {
    out[o++] = 0x75;
    out[o++] = 0x30;
    out[o++] = 0x30;
    out[o++] = HEX[b >> 4];
    out[o++] = HEX[b & 15];
  }
  return o;
}
const EMPTY_STRING = Buffer.from('""');

function isJsonNumber(b: Buffer, len: number): boolean {
  const c = b[0] === 0x2d ? b[1] : b[0];
  return len > 0 && c >= 0x30 && c <= 0x39;
}

/**
 * Reshapes "2025-03-30 01:30:00[.ffffff]+01" in place to "2025-03-30T01:30:00[.ffffff]+01:00" and returns the new end.
 * Offsets Postgres prints with minutes or seconds already carry colons; infinity is left alone.
 */
function isoTimestamp(out: Buffer, start: number, end: number): number {
  if (end - start < 22 || out[start + 10] !== 0x20) return end;
  out[start + 10] = 0x54;
  const sign = out[end - 3];
  if ((sign === 0x2b || sign === 0x2d) && out[end - 2] >= 0x30 && out[end - 2] <= 0x39) {
    out[end] = 0x3a;
    out[end + 1] = 0x30;
    out[end + 2] = 0x30;
    return end + 3;
  }
  return end;
}

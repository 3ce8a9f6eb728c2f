import { FORMULA_START_BYTES } from "./formula-guard";

/*
 * The byte loops behind CopyTranscoder: one flat loop per output format over the CSV that COPY prints.
 * Hot code: see transcode.ts for why it is written this way.
 */

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
export const PASS = 0; // CSV: bytes as they are
export const GUARD = 1; // CSV: text or JSON that may need the formula guard
export const TS = 2; // both: timestamp reshaped to ISO 8601
export const JSTR = 3; // JSON: a string
export const JRAW = 4; // JSON: JSON text as it is
export const JNUM = 5; // JSON: a number; NaN and Infinity become strings

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

/** Returned by the loops when the input ends inside a row. */
export interface LoopResult {
  /** Bytes of output written for the complete rows. */
  written: number;
  /** Input offset where the first incomplete row starts (the input length when none is). */
  consumed: number;
}

/**
 * CSV to CSV: bytes are copied as they are, except an apostrophe before a guarded cell that starts like a
 * formula, and timestamps reshaped in flight.
 */
export function csvLoop(src: Uint8Array, out: Uint8Array, kinds: Uint8Array, rowEnds: number[]): LoopResult {
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
      if (kind === GUARD && p < n && FORMULA_START_BYTES[src[p]] === 1) out[o++] = APOS;
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
      if (kind === GUARD && FORMULA_START_BYTES[b] === 1) out[o++] = APOS;
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
export function jsonLoop(
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

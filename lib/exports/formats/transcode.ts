import type { RealmField } from "../../realms/catalog";
import { csvLoop, GUARD, JNUM, JRAW, JSTR, jsonLoop, PASS, TS } from "./transcode-loops";

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

const SCRATCH_KEPT = 32 << 20;

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

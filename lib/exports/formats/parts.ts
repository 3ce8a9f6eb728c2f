import { createHash, type Hash } from "node:crypto";
import type { Writable } from "node:stream";
import type { RowChunk } from "./transcode";
import type { ArchiveFile } from "../types";
import { drained } from "../streams";

export interface PartLimits {
  rows: number;
  bytes: number;
}

interface OpenPart {
  name: string;
  sink: Writable;
  hash: Hash | undefined;
  rows: number;
  bytes: number;
  /** Why the file failed (a full disk), once it did. */
  error?: Error;
}

/**
 * Writes rows into numbered part files, starting a new part before a row that would cross the row or
 * byte limit. Each part is a complete file: its own header (CSV header row, JSON opening bracket) and footer.
 */
export class PartSplitter {
  private part: OpenPart | undefined;
  private readonly done: ArchiveFile[] = [];
  private readonly finished: Promise<void>[] = [];

  constructor(
    private readonly opts: {
      name: (index: number) => string;
      open: (name: string) => Writable;
      header: Buffer;
      footer: Buffer;
      limits: PartLimits;
      onBytes?: (bytes: number) => void;
      /** Off for intermediate files nobody downloads (Parquet's scratch CSV); their sha256 is then "". */
      checksum?: boolean;
    },
  ) {}

  async write(chunk: RowChunk): Promise<void> {
    let start = 0;
    let row = 0;
    const { rowEnds, data } = chunk;
    while (row < rowEnds.length) {
      const part = this.part ?? (await this.openPart());
      const { rows: maxRows, bytes: maxBytes } = this.opts.limits;
      // Take as many rows as fit; a part always takes at least one row so a huge row still moves on.
      let end = row;
      const room = maxBytes - part.bytes - this.opts.footer.length;
      while (end < rowEnds.length && part.rows + (end - row) < maxRows && (rowEnds[end] - start <= room || (end === row && part.rows === 0))) end++;
      if (end > row) {
        await this.emit(part, data.subarray(start, rowEnds[end - 1]), end - row);
        start = rowEnds[end - 1];
        row = end;
      }
      if (row < rowEnds.length) await this.closePart();
    }
  }

  /** Closes the last part (opening an empty one when there were no rows) and lists the parts. */
  async finish(): Promise<ArchiveFile[]> {
    if (!this.part && this.done.length === 0) await this.openPart();
    await this.closePart();
    await Promise.all(this.finished);
    return this.done;
  }

  private async openPart(): Promise<OpenPart> {
    const name = this.opts.name(this.done.length + 1);
    const sink = this.opts.open(name);
    const part: OpenPart = { name, sink, hash: this.opts.checksum === false ? undefined : createHash("sha256"), rows: 0, bytes: 0 };
    const finished = new Promise<void>((resolve, reject) => {
      sink.once("finish", resolve);
      sink.once("error", (err: Error) => reject((part.error ??= err)));
      // Destroyed without an error (the archive's own output failed): it will never finish.
      sink.once("close", () =>
        sink.writableFinished ? resolve() : reject((part.error ??= sink.errored ?? new Error("The export file closed before it was complete"))),
      );
    });
    // Awaited in finish(); a failure before then is thrown by the next write instead.
    finished.catch(() => {});
    this.finished.push(finished);
    this.part = part;
    await this.emit(this.part, this.opts.header, 0);
    return this.part;
  }

  private async emit(part: OpenPart, buf: Buffer, rows: number): Promise<void> {
    // Writing on into a failed file would lose the rows silently until the end; stop at once instead.
    if (part.error) throw part.error;
    // A file destroyed by its own error (ENOSPC) says so at once; its "error" event comes a tick later.
    if (part.sink.destroyed) throw (part.error ??= part.sink.errored ?? new Error("The export file closed before it was complete"));
    part.rows += rows;
    if (buf.length === 0) return;
    part.bytes += buf.length;
    part.hash?.update(buf);
    this.opts.onBytes?.(buf.length);
    if (!part.sink.write(buf)) await drained(part.sink);
  }

  private async closePart(): Promise<void> {
    const part = this.part;
    if (!part) return;
    await this.emit(part, this.opts.footer, 0);
    part.sink.end();
    this.done.push({ name: part.name, rows: part.rows, bytes: part.bytes, sha256: part.hash?.digest("hex") ?? "" });
    this.part = undefined;
  }
}

export function partName(baseName: string, ext: string, split: boolean): (index: number) => string {
  return (index) => (split ? `${baseName}-part-${String(index).padStart(4, "0")}.${ext}` : `${baseName}.${ext}`);
}

import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { PassThrough, Transform, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import zlib from "node:zlib";
import { ZipArchive } from "archiver";
import CRC32 from "crc-32";

/** The deflate level of archive entries; the benchmark gzips its baseline at the same level. */
export const DEFLATE_LEVEL = 6;

// archiver (and the one inside exceljs) computes each entry's CRC-32 with the crc-32 package, in JavaScript
// at about a sixth of the speed of zlib's own. Every byte of every archive goes through it, so it is pointed
// at zlib's, which takes and returns the same running value (unsigned rather than signed).
if (typeof zlib.crc32 === "function") {
  CRC32.buf = (data, seed) => zlib.crc32(data as Uint8Array, typeof seed === "number" ? seed >>> 0 : 0) | 0;
}

/**
 * A .zip written to a hidden temporary name beside its final name and renamed into place only when
 * complete, so a reader never sees a partial archive.
 */
export class ArchiveWriter {
  readonly tempPath: string;
  private readonly zip: ZipArchive;
  private readonly hash = createHash("sha256");
  private readonly done: Promise<void>;
  private failed: Error | undefined;

  constructor(readonly finalPath: string) {
    this.tempPath = path.join(path.dirname(finalPath), `.${path.basename(finalPath)}.${randomBytes(6).toString("hex")}.partial`);
    this.zip = new ZipArchive({ zlib: { level: DEFLATE_LEVEL, chunkSize: 1 << 18 }, highWaterMark: 1 << 20 });
    const hash = this.hash;
    const hasher = new Transform({
      highWaterMark: 1 << 20,
      transform(chunk: Buffer, _enc, cb) {
        hash.update(chunk);
        cb(null, chunk);
      },
    });
    this.done = pipeline(this.zip, hasher, fs.createWriteStream(this.tempPath, { highWaterMark: 1 << 20 }));
    this.done.catch((err: Error) => {
      this.failed ??= err;
    });
  }

  /** Queues an entry; the archive reads it when the entries before it are written. */
  append(name: string, source: Readable | Buffer | string, store: boolean, date: Date): void {
    if (this.failed) throw this.failed;
    this.zip.append(source, { name, store, date });
  }

  /** A writable entry for data produced piece by piece. */
  open(name: string, store: boolean, date: Date): PassThrough {
    const entry = new PassThrough({ highWaterMark: 1 << 20 });
    this.append(name, entry, store, date);
    return entry;
  }

  async finish(): Promise<{ path: string; sizeBytes: number; sha256: string }> {
    await this.zip.finalize();
    await this.done;
    await fs.promises.rename(this.tempPath, this.finalPath);
    const sizeBytes = (await fs.promises.stat(this.finalPath)).size;
    return { path: this.finalPath, sizeBytes, sha256: this.hash.digest("hex") };
  }

  async abort(): Promise<void> {
    this.zip.abort();
    this.zip.destroy();
    await this.done.catch(() => {});
    await fs.promises.rm(this.tempPath, { force: true });
  }
}

/** Waits until a writable can take more, or rejects if it fails first. */
export function drained(stream: NodeJS.WritableStream & { writableNeedDrain?: boolean; _writableState?: { needDrain: boolean } }): Promise<void> {
  // Streams from readable-stream 2 (inside some libraries) have no writableNeedDrain, only its state.
  if (!(stream.writableNeedDrain ?? stream._writableState?.needDrain)) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const done = (err?: Error) => {
      stream.off("drain", ok);
      stream.off("error", done);
      stream.off("close", closed);
      if (err) reject(err);
      else resolve();
    };
    const ok = () => done();
    const closed = () => done(new Error("The archive entry closed early"));
    stream.on("drain", ok);
    stream.on("error", done);
    stream.on("close", closed);
  });
}

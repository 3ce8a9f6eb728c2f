import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { PassThrough, Transform, type Readable, type TransformCallback } from "node:stream";
import { pipeline } from "node:stream/promises";
import { promisify } from "node:util";
import zlib from "node:zlib";
import ZipStream, { type ZipArchiveEntry } from "zip-stream";
import { DigestStream, STAGE_BYTES } from "../streams";

/**
 * The deflate level of archive entries; the benchmark gzips its baseline at the same level. Measured on
 * 250,000 rows of the benchmark's CSV (67 MB), CPU seconds and output: level 1 0.54 s, 19.1%; level 3 0.62 s,
 * 18.3%; level 4 0.80 s, 18.1%; level 6 (zlib's default) 1.18 s, 16.5%. Level 3 halves compression, the
 * largest share of a deflated export's CPU, for an archive 11% larger.
 */
export const DEFLATE_LEVEL = 3;

/** Data is deflated in blocks of this size, several at once. */
const DEFLATE_BLOCK = 1 << 20;
const DEFLATE_IN_FLIGHT = 4;
/** Deflate refers back at most 32 KiB, so that much of the previous block primes the next one. */
const DEFLATE_WINDOW = 32 * 1024;
const METHOD_DEFLATED = 8;

const deflateRaw = promisify<zlib.InputType, zlib.ZlibOptions, Buffer>(zlib.deflateRaw);

/** A block being compressed, and the compressed bytes it will give. */
interface DeflateJob {
  block: Buffer;
  out: Promise<Buffer>;
}

/**
 * An entry's bytes deflated the way pigz does it: blocks are compressed at the same time on libuv's
 * thread pool, each primed with the 32 KiB before it and ended with a sync flush, so their concatenation
 * is one valid deflate stream that compresses as well as a single pass. One zlib stream would keep a
 * single core busy while the export itself needs the other. CRC-32 is zlib's, in native code.
 *
 * Data is copied into a few fixed blocks that are filled again once compressed, so an export of any size
 * allocates the same few megabytes. A fresh buffer per block (and a block-sized output buffer) made V8 run
 * about 80 full collections per 2,000,000 CSV rows instead of about 30, for 15–20% more CPU time.
 */
class ParallelDeflate extends Transform {
  crc = 0;
  size = 0;
  compressedSize = 0;
  /** The block being filled, and how much of it is. */
  private block: Buffer | undefined;
  private filled = 0;
  /** Blocks whose compression has finished, ready to be filled again. */
  private readonly free: Buffer[] = [];
  /** The tail of the last block, the next one's dictionary; Node copies a dictionary when a job is created. */
  private readonly window = Buffer.allocUnsafe(DEFLATE_WINDOW);
  private windowBytes = 0;
  private readonly jobs: DeflateJob[] = [];

  constructor(private readonly level: number) {
    super({ highWaterMark: STAGE_BYTES });
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.crc = zlib.crc32(chunk, this.crc);
    this.size += chunk.length;
    this.fill(chunk).then(() => done(), done);
  }

  override _flush(done: TransformCallback): void {
    this.submit(true);
    this.emitDone(0).then(() => done(), done);
  }

  private async fill(chunk: Buffer): Promise<void> {
    // A destroyed entry (the export failed or was cancelled) stops compressing what is left of the chunk.
    for (let at = 0; at < chunk.length && !this.destroyed;) {
      this.block ??= this.free.pop() ?? Buffer.allocUnsafe(DEFLATE_BLOCK);
      const n = chunk.copy(this.block, this.filled, at);
      this.filled += n;
      at += n;
      if (this.filled < DEFLATE_BLOCK) continue;
      this.submit(false);
      await this.emitDone(DEFLATE_IN_FLIGHT - 1);
    }
  }

  private submit(final: boolean): void {
    const block = this.block ?? Buffer.alloc(0);
    const data = block.subarray(0, this.filled);
    const flush = final ? zlib.constants.Z_FINISH : zlib.constants.Z_SYNC_FLUSH;
    const dictionary = this.windowBytes > 0 ? this.window.subarray(0, this.windowBytes) : undefined;
    // A quarter of the block holds what text compresses to, so one trip to the thread pool and back.
    const out = deflateRaw(data, { level: this.level, dictionary, finishFlush: flush, chunkSize: DEFLATE_BLOCK >> 2 });
    out.catch(() => {}); // awaited in order by emitDone; this only keeps a failure from being "unhandled" meanwhile
    this.jobs.push({ block, out });
    this.windowBytes = data.copy(this.window, 0, Math.max(0, data.length - DEFLATE_WINDOW));
    this.block = undefined;
    this.filled = 0;
  }

  /** Passes on finished blocks, in order, until at most `keep` are still being compressed. */
  private async emitDone(keep: number): Promise<void> {
    while (this.jobs.length > keep) {
      const job = this.jobs.shift() as DeflateJob;
      const out = await job.out;
      if (job.block.length === DEFLATE_BLOCK) this.free.push(job.block);
      this.compressedSize += out.length;
      this.push(out);
    }
  }
}

/** A stored entry's bytes, passed through while zlib's CRC-32 is taken. */
class StoredCrc extends Transform {
  crc = 0;
  size = 0;

  constructor() {
    super({ highWaterMark: STAGE_BYTES });
  }

  get compressedSize(): number {
    return this.size;
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.crc = zlib.crc32(chunk, this.crc);
    this.size += chunk.length;
    done(null, chunk);
  }
}

/** An entry's compressed bytes and what its reader needs to check them, as another zip's central directory gives them. */
export interface RawEntry {
  method: number;
  crc32: number;
  size: number;
  compressedSize: number;
}

/** An entry copied from another zip without decompressing: its checksum and sizes are the ones it came with. */
class RawCopy extends Transform {
  readonly crc: number;
  readonly size: number;
  compressedSize = 0;

  constructor(private readonly entry: RawEntry) {
    super({ highWaterMark: STAGE_BYTES });
    this.crc = entry.crc32;
    this.size = entry.size;
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.compressedSize += chunk.length;
    done(null, chunk);
  }

  override _flush(done: TransformCallback): void {
    if (this.compressedSize !== this.entry.compressedSize) {
      return done(new Error(`A copied zip entry has ${this.compressedSize} bytes, expected ${this.entry.compressedSize}`));
    }
    done();
  }
}

/**
 * zip-stream (the zip engine of archiver) writes the headers, ZIP64 records and central directory; this
 * subclass only changes how an entry's data is compressed and checksummed, in the one method made for it.
 * That method and `_afterAppend` are private: zip-stream is pinned for them (pinned-internals.test.ts).
 */
class ExportZipStream extends ZipStream {
  /** Entries whose data arrives already compressed, by name: copied as they are (see ArchiveWriter.appendRaw). */
  readonly raw = new Map<string, RawEntry>();

  protected override _smartStream(entry: ZipArchiveEntry, callback: (err: Error | null, entry: ZipArchiveEntry) => void) {
    const raw = this.raw.get(entry.getName());
    this.raw.delete(entry.getName());
    const data = raw ? new RawCopy(raw) : entry.getMethod() === METHOD_DEFLATED ? new ParallelDeflate(DEFLATE_LEVEL) : new StoredCrc();
    let settled = false;
    // A failed entry (its source or its compression) fails the archive; nothing after it is written.
    data.once("error", (err: Error) => {
      if (!settled) callback(err, entry);
      settled = true;
    });
    data.once("end", () => {
      if (settled) return;
      settled = true;
      entry.setCrc(data.crc >>> 0);
      entry.setSize(data.size);
      entry.setCompressedSize(data.compressedSize);
      this._afterAppend(entry);
      callback(null, entry);
    });
    data.pipe(this, { end: false });
    return data;
  }
}

/**
 * A .zip written to a hidden temporary name beside its final name and renamed into place only when
 * complete, so a reader never sees a partial archive. Entries are written one after another in the order
 * they were added; a stream entry may be filled while earlier ones are still being written.
 */
export class ArchiveWriter {
  readonly tempPath: string;
  private readonly zip = new ExportZipStream({ highWaterMark: STAGE_BYTES });
  private readonly digest = new DigestStream();
  private readonly done: Promise<void>;
  private entries: Promise<void> = Promise.resolve();
  private failed: Error | undefined;
  /** Why the file itself could not be written (a full disk), once it failed. */
  outputError: Error | undefined;
  /** Stream entries not yet fully written, so a failed output can stop whoever is still filling them. */
  private readonly sources = new Set<Readable>();

  constructor(readonly finalPath: string) {
    this.tempPath = path.join(path.dirname(finalPath), `.${path.basename(finalPath)}.${randomBytes(6).toString("hex")}.partial`);
    this.done = pipeline(this.zip, this.digest, fs.createWriteStream(this.tempPath, { highWaterMark: 1 << 20 }));
    this.done.catch((err: Error) => {
      this.outputError ??= err;
      this.failed ??= err;
      // pipeline() destroys only its own streams: an entry being filled would wait for room forever.
      // Destroyed without an error (a source may have no listener); writers see it close early.
      for (const source of this.sources) source.destroy();
    });
  }

  /** Queues an entry; the archive reads it when the entries before it are written. */
  append(name: string, source: Readable | Buffer | string, store: boolean, date: Date): void {
    if (this.failed) throw this.failed;
    const data = typeof source === "string" ? Buffer.from(source) : source;
    if (!Buffer.isBuffer(data)) this.sources.add(data);
    this.entries = this.entries.then(
      () =>
        new Promise<void>((resolve, reject) => {
          if (this.failed) return reject(this.failed);
          this.zip.entry(data, { name, store, date }, (err) => {
            if (err) return reject(err);
            if (!Buffer.isBuffer(data)) this.sources.delete(data);
            resolve();
          });
        }),
    );
    this.entries.catch((err: Error) => {
      this.failed ??= err;
      if (!Buffer.isBuffer(data)) data.destroy();
    });
  }

  /**
   * Queues an entry whose data is already compressed (method 8) or stored (method 0), as read raw from
   * another zip: its bytes go into this archive unchanged, so joining archives costs no compression.
   */
  appendRaw(name: string, source: Readable, entry: RawEntry, date: Date): void {
    if (entry.method !== 0 && entry.method !== METHOD_DEFLATED) throw new Error(`Zip entry ${name} uses compression method ${entry.method}`);
    this.zip.raw.set(name, entry);
    this.append(name, source, entry.method === 0, date);
  }

  /** A writable entry for data produced piece by piece. */
  open(name: string, store: boolean, date: Date): PassThrough {
    const entry = new PassThrough({ highWaterMark: STAGE_BYTES });
    this.append(name, entry, store, date);
    return entry;
  }

  async finish(): Promise<{ path: string; sizeBytes: number; sha256: string }> {
    // The output failing (disk full) can leave an entry unfinished forever; that failure ends the wait.
    await Promise.race([this.entries, this.done]);
    this.zip.finalize();
    await this.done;
    await fs.promises.rename(this.tempPath, this.finalPath);
    const sizeBytes = (await fs.promises.stat(this.finalPath)).size;
    return { path: this.finalPath, sizeBytes, sha256: this.digest.sha256() };
  }

  async abort(): Promise<void> {
    this.failed ??= new Error("The archive was abandoned");
    this.zip.destroy();
    await this.done.catch(() => {});
    await fs.promises.rm(this.tempPath, { force: true });
  }
}

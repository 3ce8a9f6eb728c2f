/** The parts of zip-stream (archiver's zip engine) the archive writer uses; the package ships no types. */
declare module "zip-stream" {
  import type { Readable, Transform, TransformOptions, Writable } from "node:stream";

  export interface ZipArchiveEntry {
    getName(): string;
    getMethod(): number;
    setCrc(crc: number): void;
    setSize(size: number): void;
    setCompressedSize(size: number): void;
  }

  export interface ZipStreamOptions extends TransformOptions {
    zlib?: { level?: number };
    forceZip64?: boolean;
  }

  export default class ZipStream extends Transform {
    constructor(options?: ZipStreamOptions);
    entry(source: Buffer | Readable, data: { name: string; store?: boolean; date?: Date }, callback: (err?: Error | null) => void): void;
    finalize(): void;
    /** Returns the stream an entry's data is written into; it must pipe the entry's bytes into the archive. */
    protected _smartStream(entry: ZipArchiveEntry, callback: (err: Error | null, entry: ZipArchiveEntry) => void): Writable;
    protected _afterAppend(entry: ZipArchiveEntry): void;
  }
}

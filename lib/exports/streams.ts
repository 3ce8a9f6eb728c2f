import { createHash } from "node:crypto";
import { Transform, type TransformCallback } from "node:stream";

/* Stream helpers shared by the archive writer and the format producers. */

/**
 * How much each stage of an archive's stream buffers before it pushes back. Data waiting between stages
 * is held in buffers that V8 keeps until its next full collection once they have lived long enough, so
 * the less that waits, the less memory a long export holds. Measured over three runs each, 2,000,000 rows
 * stored: CSV peaked at 113–125 MB instead of 122–157 MB, JSON at 118–127 instead of 138–157, and no slower.
 */
export const STAGE_BYTES = 256 * 1024;

/** Passes bytes through unchanged while taking their SHA-256 and count: for manifests and archive checksums. */
export class DigestStream extends Transform {
  bytes = 0;
  private readonly hash = createHash("sha256");

  constructor(private readonly onBytes?: (bytes: number) => void) {
    super({ highWaterMark: STAGE_BYTES });
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    this.onBytes?.(chunk.length);
    done(null, chunk);
  }

  /** The SHA-256 in hex; call once, when everything has passed. */
  sha256(): string {
    return this.hash.digest("hex");
  }
}

/** Waits until a writable can take more, or rejects if it fails first. */
export function drained(stream: NodeJS.WritableStream & { writableNeedDrain?: boolean }): Promise<void> {
  if (!stream.writableNeedDrain) return Promise.resolve();
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

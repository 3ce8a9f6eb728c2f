import { createHash } from "node:crypto";
import { Transform, type TransformCallback } from "node:stream";

/** Passes bytes through unchanged while taking their SHA-256 and count: for manifests and archive checksums. */
export class DigestStream extends Transform {
  bytes = 0;
  private readonly hash = createHash("sha256");

  constructor(private readonly onBytes?: (bytes: number) => void) {
    super({ highWaterMark: 1 << 20 });
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

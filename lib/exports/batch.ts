import type { Readable } from "node:stream";

/**
 * Postgres sends one CopyData message per row, so COPY streams arrive in row-sized pieces; gathering them
 * into larger buffers keeps per-chunk costs (allocation, hashing calls, stream writes) off the hot path.
 */
export async function* batches(stream: Readable, minBytes = 256 * 1024): AsyncGenerator<Buffer> {
  let parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    parts.push(chunk);
    size += chunk.length;
    if (size >= minBytes) {
      yield parts.length === 1 ? parts[0] : Buffer.concat(parts, size);
      parts = [];
      size = 0;
    }
  }
  if (size > 0) yield Buffer.concat(parts, size);
}

import type { Readable } from "node:stream";

/**
 * Postgres sends one CopyData message per row, so COPY streams arrive in row-sized pieces; gathering them
 * into larger buffers keeps per-chunk costs (allocation, hashing calls, stream writes) off the hot path.
 *
 * With `reuse`, every batch is gathered into the same buffer, so the caller must be done with a batch
 * before asking for the next (an export's transcoder is). That spares the garbage collector a fresh
 * buffer per batch, which keeps memory flat on long exports.
 */
export async function* batches(stream: Readable, opts: { minBytes?: number; reuse?: boolean } = {}): AsyncGenerator<Buffer> {
  const minBytes = opts.minBytes ?? 256 * 1024;
  let shared = opts.reuse ? Buffer.allocUnsafe(minBytes * 2) : undefined;
  let parts: Buffer[] = [];
  let size = 0;
  const gather = (): Buffer => {
    if (!shared) return parts.length === 1 ? parts[0] : Buffer.concat(parts, size);
    if (shared.length < size) shared = Buffer.allocUnsafe(size * 2);
    let at = 0;
    for (const p of parts) at += p.copy(shared, at);
    return shared.subarray(0, size);
  };
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    parts.push(chunk);
    size += chunk.length;
    if (size >= minBytes) {
      yield gather();
      parts = [];
      size = 0;
    }
  }
  if (size > 0) yield gather();
}

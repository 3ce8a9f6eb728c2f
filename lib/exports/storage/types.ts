import type { Readable } from "node:stream";

/** Where finished archives live: local disk in single-machine mode, an S3-compatible bucket at scale. */
export interface ExportStorage {
  /** Stores a stream or a local file (by path) under key; the key appears only once fully written. */
  put(key: string, source: Readable | string, opts?: { contentType?: string }): Promise<{ sizeBytes: number }>;
  /** Reads the object, or the inclusive byte range [start, end] of it. */
  get(key: string, range?: { start: number; end: number }): Promise<Readable>;
  stat(key: string): Promise<{ sizeBytes: number; modifiedAt: Date } | null>;
  /** Removing a key that does not exist is not an error. */
  delete(key: string): Promise<void>;
  /** A short-lived direct download link, or null when downloads go through the app (local disk). */
  downloadUrl(key: string, opts: { expiresInSeconds: number; fileName: string }): Promise<string | null>;
}

/** Keys are relative paths of safe segments: no absolute paths, no "..", nothing a shell or URL would reinterpret. */
export function checkKey(key: string): string {
  if (!/^[\w.-]+(\/[\w.-]+)*$/.test(key) || key.split("/").some((s) => s === "." || s === "..")) {
    throw new Error(`Invalid storage key ${JSON.stringify(key)}`);
  }
  return key;
}

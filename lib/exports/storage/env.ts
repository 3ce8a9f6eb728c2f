import path from "node:path";
import { env, type Env } from "@/lib/config/env";
import { createLocalStorage } from "./local";
import { createS3Storage } from "./s3";
import type { ExportStorage } from "./types";

export type StorageSettings = Pick<
  Env,
  "EXPORT_STORAGE" | "DATA_DIR" | "S3_BUCKET" | "S3_ENDPOINT" | "S3_REGION" | "S3_ACCESS_KEY_ID" | "S3_SECRET_ACCESS_KEY" | "S3_FORCE_PATH_STYLE"
>;

/** EXPORT_STORAGE=local (default; files under DATA_DIR/exports) or s3 (S3_BUCKET, S3_ENDPOINT, S3_REGION, …), as lib/config validated them. */
export function createStorageFromEnv(cfg: StorageSettings): ExportStorage {
  if (cfg.EXPORT_STORAGE === "local") return createLocalStorage(path.join(cfg.DATA_DIR, "exports"));
  // lib/config refuses EXPORT_STORAGE=s3 without a bucket; this only narrows the type.
  if (!cfg.S3_BUCKET) throw new Error("S3_BUCKET: required when EXPORT_STORAGE=s3");
  return createS3Storage({
    bucket: cfg.S3_BUCKET,
    endpoint: cfg.S3_ENDPOINT,
    region: cfg.S3_REGION,
    accessKeyId: cfg.S3_ACCESS_KEY_ID,
    secretAccessKey: cfg.S3_SECRET_ACCESS_KEY,
    forcePathStyle: cfg.S3_FORCE_PATH_STYLE,
  });
}

// One storage per process for the web routes and the export runs alike (kept across hot reloads, and shared
// by the copies of this module Next bundles for route handlers and server actions).
const store = globalThis as typeof globalThis & { __portalExportStorage?: ExportStorage };

/** The export storage of this process, made from the validated configuration on first use. */
export function exportStorage(): ExportStorage {
  store.__portalExportStorage ??= createStorageFromEnv(env());
  return store.__portalExportStorage;
}

import path from "node:path";
import { z } from "zod";
import { createLocalStorage } from "./local";
import { createS3Storage } from "./s3";
import type { ExportStorage } from "./types";

const flag = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");

const envSchema = z.discriminatedUnion("EXPORT_STORAGE", [
  z.object({ EXPORT_STORAGE: z.literal("local"), DATA_DIR: z.string().min(1).default(".data") }),
  z.object({
    EXPORT_STORAGE: z.literal("s3"),
    S3_BUCKET: z.string().min(1, "S3_BUCKET is required when EXPORT_STORAGE=s3"),
    S3_ENDPOINT: z.url().optional(),
    S3_REGION: z.string().min(1).default("us-east-1"),
    S3_ACCESS_KEY_ID: z.string().min(1).optional(),
    S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
    S3_FORCE_PATH_STYLE: flag.optional(),
  }),
]);

/** EXPORT_STORAGE=local (default; files under DATA_DIR/exports) or s3 (S3_BUCKET, S3_ENDPOINT, S3_REGION, …). */
export function createStorageFromEnv(env: Record<string, string | undefined> = process.env): ExportStorage {
  const parsed = envSchema.safeParse({ ...env, EXPORT_STORAGE: env.EXPORT_STORAGE || "local" });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".") || "EXPORT_STORAGE"}: ${i.message}`).join("; ");
    throw new Error(`Export storage is misconfigured: ${problems}`);
  }
  const cfg = parsed.data;
  if (cfg.EXPORT_STORAGE === "local") return createLocalStorage(path.join(cfg.DATA_DIR, "exports"));
  return createS3Storage({
    bucket: cfg.S3_BUCKET,
    endpoint: cfg.S3_ENDPOINT,
    region: cfg.S3_REGION,
    accessKeyId: cfg.S3_ACCESS_KEY_ID,
    secretAccessKey: cfg.S3_SECRET_ACCESS_KEY,
    forcePathStyle: cfg.S3_FORCE_PATH_STYLE ?? Boolean(cfg.S3_ENDPOINT),
  });
}

import path from "node:path";
import { getDb, getWarehouseSql } from "@/db/client";
import { createStorageFromEnv, type ExportStorage } from "@/lib/exports";
import type { RunDeps } from "@/lib/export-runs/deps";

let storage: ExportStorage | undefined;

/** The real collaborators of export runs inside the app process serving /api/inngest. */
export function runDeps(): RunDeps {
  storage ??= createStorageFromEnv(process.env);
  return {
    db: getDb(),
    warehouse: getWarehouseSql(),
    storage,
    tmpDir: path.resolve(/* turbopackIgnore: true */ process.env.DATA_DIR || ".data", "tmp"),
  };
}

export function appUrl(): string {
  return (process.env.APP_URL || `http://localhost:${process.env.PORT || 3000}`).replace(/\/$/, "");
}

import path from "node:path";
import { getDb, getWarehouseSql } from "@/db/client";
import { createStorageFromEnv, type ExportStorage } from "@/lib/exports";
import type { RunDeps } from "@/lib/export-runs/deps";
import { sweepScratch } from "@/lib/export-runs/scratch";

let storage: ExportStorage | undefined;
let swept: Promise<void> | undefined;

/** The real collaborators of export runs inside the app process serving /api/inngest. */
export function runDeps(): RunDeps {
  storage ??= createStorageFromEnv(process.env);
  const tmpDir = path.resolve(/* turbopackIgnore: true */ process.env.DATA_DIR || ".data", "tmp");
  // Attempts that died with an earlier process (a crash, a kill) left their scratch directories behind;
  // they go once, when this process first runs an export step. Directories in use are never touched.
  swept ??= sweepScratch(tmpDir).then(
    (names) => {
      if (names.length > 0) console.log(`export scratch: removed ${names.length} directory(ies) left by stopped processes`);
    },
    (error: unknown) => console.error("export scratch: could not clean up", error),
  );
  return { db: getDb(), warehouse: getWarehouseSql(), storage, tmpDir };
}

import path from "node:path";
import { getDb, getWarehouseSql } from "@/db/client";
import { env } from "@/lib/config/env";
import { exportStorage } from "@/lib/exports";
import type { RunDeps } from "@/lib/export-runs/deps";
import { sweepScratch } from "@/lib/export-runs/scratch";

let swept: Promise<void> | undefined;

/** The real collaborators of export runs inside the app process serving /api/inngest. */
export function runDeps(): RunDeps {
  const tmpDir = path.resolve(/* turbopackIgnore: true */ env().DATA_DIR, "tmp");
  // Attempts that died with an earlier process (a crash, a kill) left their scratch directories behind;
  // they go once, when this process first runs an export step. Directories in use are never touched.
  swept ??= sweepScratch(tmpDir).then(
    (names) => {
      if (names.length > 0) console.log(`export scratch: removed ${names.length} directory(ies) left by stopped processes`);
    },
    (error: unknown) => console.error("export scratch: could not clean up", error),
  );
  return { db: getDb(), warehouse: getWarehouseSql(), storage: exportStorage(), tmpDir };
}

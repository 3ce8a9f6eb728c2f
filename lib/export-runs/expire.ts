import { listExpiredExports, transitionExport } from "@/db/queries/exports";
import type { RunDeps } from "./deps";

/**
 * Marks done exports past their expiry as expired and deletes their files. Running it twice is harmless:
 * the second run finds nothing in state done past expiry, and deleting a missing file is not an error.
 */
export async function expireExports(deps: Pick<RunDeps, "db" | "storage" | "now">): Promise<{ expired: number }> {
  const now = deps.now?.() ?? new Date();
  let expired = 0;
  for (;;) {
    const batch = await listExpiredExports(deps.db, now, 200);
    if (batch.length === 0) break;
    for (const item of batch) {
      if (item.storageKey) await deps.storage.delete(item.storageKey);
      if (await transitionExport(deps.db, item.id, ["done"], { status: "expired" })) expired++;
    }
    if (batch.length < 200) break;
  }
  return { expired };
}

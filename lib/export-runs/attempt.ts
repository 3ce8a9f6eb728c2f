import { getExportStatus } from "@/db/queries/exports";
import { SupersededError, takeOver } from "./attempts";
import type { RunDeps } from "./deps";

export interface AttemptOptions {
  /** Aborts when the engine stopped waiting for this attempt (see requestSignal): a retry replaces it. */
  superseded?: AbortSignal;
}

export interface Attempt {
  signal: AbortSignal;
}

/** The attempt ended early: the export was cancelled, deleted, failed or finished by someone else. */
export const STOPPED = Symbol("stopped");

/**
 * Runs one attempt at a piece of an export's work (a partition, the assembly) so that it stops within a
 * second of the export leaving "running": every poll (at most 1000 ms) reads the status and, while running,
 * calls `tick` (progress). A newer attempt of the same piece in this process (`attemptKey`) stops this
 * one first. A superseded attempt throws SupersededError rather than report a stop, in case anyone still
 * listens for its answer; a stopped one gives STOPPED.
 */
export async function runAttempt<T>(
  deps: RunDeps,
  exportId: string,
  attemptKey: string,
  opts: AttemptOptions & { tick?: () => Promise<void> },
  work: (attempt: Attempt) => Promise<T>,
): Promise<T | typeof STOPPED> {
  const abort = new AbortController();
  const supersede = () => abort.abort(new SupersededError("The engine stopped waiting for this attempt"));
  opts.superseded?.addEventListener("abort", supersede, { once: true });
  const release = await takeOver(attemptKey, (reason) => abort.abort(reason));
  let polling = false;
  const timer = setInterval(
    () => {
      if (polling) return;
      polling = true;
      void (async () => {
        try {
          const status = await getExportStatus(deps.db, exportId);
          if (status !== "running") abort.abort(new Error(`export is ${status ?? "gone"}`));
          else await opts.tick?.();
        } catch (e) {
          console.error(`export ${exportId}: progress update failed`, e);
        } finally {
          polling = false;
        }
      })();
    },
    Math.min(deps.pollMs ?? 500, 1000),
  );
  const stopped = (): typeof STOPPED => {
    if (abort.signal.reason instanceof SupersededError) throw abort.signal.reason;
    return STOPPED;
  };
  try {
    if (opts.superseded?.aborted) supersede();
    if (abort.signal.aborted) return stopped();
    const result = await work({ signal: abort.signal });
    return abort.signal.aborted ? stopped() : result;
  } catch (error) {
    if (abort.signal.aborted) return stopped();
    throw error;
  } finally {
    clearInterval(timer);
    opts.superseded?.removeEventListener("abort", supersede);
    release();
  }
}

/**
 * Puts a file into storage only while the export is still running and this attempt still wanted, and
 * looks again once it is there: a cancel or a newer attempt may have come meanwhile. Then the file goes
 * again, unless the export is done (a newer attempt stored the same bytes and recorded them).
 */
export async function storeIfRunning(deps: RunDeps, exportId: string, key: string, file: string, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted || (await getExportStatus(deps.db, exportId)) !== "running") return false;
  await deps.storage.put(key, file, { contentType: "application/zip" });
  const status = await getExportStatus(deps.db, exportId);
  if (status === "running" && !signal.aborted) return true;
  if (status !== "done") await deps.storage.delete(key);
  return false;
}

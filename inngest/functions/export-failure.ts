import { NonRetriableError } from "inngest";
import type { RunDeps } from "@/lib/export-runs/deps";
import { userFacingFailure } from "@/lib/export-runs/messages";
import { markFailed } from "@/lib/export-runs/run";
import { isExportRequestError, refusalOf } from "@/lib/export-requests/refusals";
import { exportFailed } from "../events";

import { RUN_EXPORT_RETRIES } from "@/lib/export-runs/messages";

export { RUN_EXPORT_RETRIES };

/**
 * A request the export engine refuses will be refused again on every retry, and a full scratch disk would
 * only fill up again, so both fail the run at once. A refusal carries the words the API would answer
 * ("End date: choose a real day."), not the engine's technical account with its field paths.
 */
export async function refusalIsFinal<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isExportRequestError(error)) throw new NonRetriableError(refusalOf(error).message, { cause: error });
    if (error instanceof Error && error.name === "ScratchDiskFullError") {
      throw new NonRetriableError(error.message, { cause: error });
    }
    throw error;
  }
}

interface FailureContext {
  event: { data: { event: { data: unknown } } };
  error: unknown;
  step: {
    run<T>(id: string, fn: () => Promise<T>): Promise<unknown>;
    sendEvent(id: string, payload: ReturnType<typeof exportFailed.create>): Promise<unknown>;
  };
}

/**
 * The onFailure of every function that works on an export (the run, a partition, the assembly): once one
 * of them has used up its retries, the export fails with the reason and the requester is told, once.
 */
export function failExport(deps: () => RunDeps) {
  return async ({ event, error, step }: FailureContext) => {
    const original = event.data.event.data as { exportId: string; organizationId: string; tenantId: string };
    const message = userFacingFailure(error as { name?: string; message?: string } | undefined, RUN_EXPORT_RETRIES + 1);
    const failed = await step.run("mark-failed", () => markFailed(deps(), original.exportId, message));
    if (failed) {
      await step.sendEvent(
        "send-failed",
        exportFailed.create({ exportId: original.exportId, organizationId: original.organizationId, tenantId: original.tenantId, error: message }),
      );
    }
  };
}

/** cancelOn for every function of an export: the portal's cancel stops them all. */
export const CANCEL_ON_EXPORT_CANCELLED = [{ event: "export/cancelled", if: "async.data.exportId == event.data.exportId", timeout: "7d" }] as const;

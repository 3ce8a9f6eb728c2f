import { NonRetriableError } from "inngest";
import type { RunDeps } from "@/lib/export-runs/deps";
import { userFacingFailure } from "@/lib/export-runs/messages";
import { claimRunSlot, estimateExport, markDone, markFailed, produceAndStore } from "@/lib/export-runs/run";
import { inngest } from "../client";
import { exportCompleted, exportFailed, exportRequested } from "../events";
import { RequestSignalMiddleware, requestSignal } from "./request-signal";

export const RUN_EXPORT_RETRIES = 3;
/**
 * Longest pause between two looks for a free slot while an export waits its turn: once a slot frees up,
 * the next export starts within this many seconds. A look is one short transaction, and at most
 * `perOrganization` runs of an organization are waiting at once, so looking this often costs little.
 */
const MAX_WAIT_SECONDS = 3;

/**
 * A request the export engine refuses will be refused again on every retry, and a full scratch disk would
 * only fill up again, so both fail the run at once.
 */
async function refusalIsFinal<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof Error && (error.name === "ExportRequestError" || error.name === "ScratchDiskFullError")) {
      throw new NonRetriableError(error.message, { cause: error });
    }
    throw error;
  }
}

/**
 * run-export: one durable run per export request. The engine admits at most `perOrganization` runs of one
 * organization at a time (so one organization cannot starve the others); inside that, the organization's
 * own "exports running at once" limit decides when each export starts, first in, first out.
 */
export function createRunExport(deps: () => RunDeps, opts: { perOrganization: number }) {
  return inngest.createFunction(
    {
      id: "run-export",
      name: "Run export",
      triggers: [exportRequested],
      retries: RUN_EXPORT_RETRIES,
      middleware: [RequestSignalMiddleware],
      concurrency: [{ key: "event.data.organizationId", limit: opts.perOrganization }],
      cancelOn: [{ event: "export/cancelled", if: "async.data.exportId == event.data.exportId", timeout: "7d" }],
      onFailure: async ({ event, error, step }) => {
        const original = event.data.event.data as { exportId: string; organizationId: string; tenantId: string };
        const message = userFacingFailure(error, RUN_EXPORT_RETRIES + 1);
        const failed = await step.run("mark-failed", () => markFailed(deps(), original.exportId, message));
        if (failed) {
          await step.sendEvent(
            "send-failed",
            exportFailed.create({ exportId: original.exportId, organizationId: original.organizationId, tenantId: original.tenantId, error: message }),
          );
        }
      },
    },
    async ({ event, step }) => {
      const { exportId, organizationId, tenantId } = event.data;
      let claim = await step.run("mark-running", () => claimRunSlot(deps(), exportId));
      for (let turn = 1; claim === "waiting"; turn++) {
        await step.sleep(`wait-for-slot-${turn}`, `${Math.min(2 ** turn, MAX_WAIT_SECONDS)}s`);
        claim = await step.run(`mark-running-${turn}`, () => claimRunSlot(deps(), exportId));
      }
      if (claim === "gone") return { exportId, outcome: "skipped: no longer pending" };
      await step.run("estimate-rows", () => refusalIsFinal(() => estimateExport(deps(), exportId)));
      const archive = await step.run("produce-archive", () => refusalIsFinal(() => produceAndStore(deps(), exportId, { superseded: requestSignal() })));
      if (archive.cancelled) return { exportId, outcome: "cancelled" };
      const done = await step.run("mark-done", () => markDone(deps(), exportId, archive));
      if (!done) return { exportId, outcome: "cancelled" };
      await step.sendEvent("send-completed", exportCompleted.create({ exportId, organizationId, tenantId }));
      return { exportId, outcome: "done", rows: archive.rowCount, bytes: archive.sizeBytes };
    },
  );
}

import type { RunDeps } from "@/lib/export-runs/deps";
import { assembleAndStore } from "@/lib/export-runs/assemble";
import { discardPartitions, markDone } from "@/lib/export-runs/run";
import { inngest } from "../client";
import { exportCancelled, exportCompleted, exportPartitionsDone } from "../events";
import { CANCEL_ON_EXPORT_CANCELLED, failExport, refusalIsFinal, RUN_EXPORT_RETRIES } from "./export-failure";
import { RequestSignalMiddleware, requestSignal } from "./request-signal";

/** assemble-export: the archive from the stored partitions, then done, then the requester is told. */
export function createAssembleExport(deps: () => RunDeps) {
  return inngest.createFunction(
    {
      id: "assemble-export",
      name: "Assemble export",
      triggers: [exportPartitionsDone],
      retries: RUN_EXPORT_RETRIES,
      middleware: [RequestSignalMiddleware],
      cancelOn: [...CANCEL_ON_EXPORT_CANCELLED],
      onFailure: failExport(deps),
    },
    async ({ event, step }) => {
      const { exportId, organizationId, tenantId } = event.data;
      const archive = await step.run("assemble-archive", () => refusalIsFinal(() => assembleAndStore(deps(), exportId, { superseded: requestSignal() })));
      if (archive.cancelled) return { exportId, outcome: "cancelled" };
      const done = await step.run("mark-done", () => markDone(deps(), exportId, archive));
      if (!done) return { exportId, outcome: "cancelled" };
      await step.sendEvent("send-completed", exportCompleted.create({ exportId, organizationId, tenantId }));
      return { exportId, outcome: "done", rows: archive.rowCount, bytes: archive.sizeBytes };
    },
  );
}

/** discard-export-partitions: a cancelled export's partition outputs leave storage. */
export function createDiscardPartitions(deps: () => RunDeps) {
  return inngest.createFunction(
    { id: "discard-export-partitions", name: "Discard export partitions", triggers: [exportCancelled], retries: RUN_EXPORT_RETRIES },
    async ({ event, step }) => {
      const discarded = await step.run("discard", () => discardPartitions(deps(), event.data.exportId));
      return { exportId: event.data.exportId, discarded };
    },
  );
}

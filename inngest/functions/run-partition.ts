import type { RunDeps } from "@/lib/export-runs/deps";
import { producePartition } from "@/lib/export-runs/partition";
import { inngest } from "../client";
import { exportPartitionRequested, exportPartitionsDone } from "../events";
import { CANCEL_ON_EXPORT_CANCELLED, failExport, refusalIsFinal, RUN_EXPORT_RETRIES } from "./export-failure";
import { RequestSignalMiddleware, requestSignal } from "./request-signal";

/**
 * run-export-partition: one run per partition, one step that produces and stores it. Its own run (not a
 * step of run-export) so partitions spread over every worker and the engine bounds them twice: at most
 * `perExport` of one export at once, so one export cannot take every worker, and at most `atOnce` in all.
 * The partition that finishes last asks for the archive.
 */
export function createRunPartition(deps: () => RunDeps, opts: { perExport: number; atOnce: number }) {
  return inngest.createFunction(
    {
      id: "run-export-partition",
      name: "Run export partition",
      triggers: [exportPartitionRequested],
      retries: RUN_EXPORT_RETRIES,
      middleware: [RequestSignalMiddleware],
      concurrency: [{ key: "event.data.exportId", limit: opts.perExport }, { limit: opts.atOnce }],
      cancelOn: [...CANCEL_ON_EXPORT_CANCELLED],
      onFailure: failExport(deps),
    },
    async ({ event, step }) => {
      const { exportId, organizationId, tenantId, index } = event.data;
      const outcome = await step.run("produce-partition", () =>
        refusalIsFinal(() => producePartition(deps(), exportId, index, { superseded: requestSignal() })),
      );
      if (outcome.stopped) return { exportId, index, outcome: "stopped" };
      if (outcome.remaining > 0) return { exportId, index, outcome: "done", remaining: outcome.remaining };
      // Every partition is done: one assembly, however often this is sent (a fixed event id).
      await step.sendEvent("assemble", exportPartitionsDone.create({ exportId, organizationId, tenantId }, { id: `export-${exportId}-assemble` }));
      return { exportId, index, outcome: "done", remaining: 0 };
    },
  );
}

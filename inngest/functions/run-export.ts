import type { RunDeps } from "@/lib/export-runs/deps";
import { planExport } from "@/lib/export-runs/plan";
import { claimRunSlot, estimateExport } from "@/lib/export-runs/run";
import { inngest } from "../client";
import { exportPartitionRequested, exportRequested } from "../events";
import { CANCEL_ON_EXPORT_CANCELLED, failExport, refusalIsFinal, RUN_EXPORT_RETRIES } from "./export-failure";

export { RUN_EXPORT_RETRIES };
/**
 * Longest pause between two looks for a free slot while an export waits its turn: once a slot frees up,
 * the next export starts within this many seconds. A look is one short transaction, and at most
 * `perOrganization` runs of an organization are waiting at once, so looking this often costs little.
 */
const MAX_WAIT_SECONDS = 3;

/**
 * run-export: one durable run per export request. The engine admits at most `perOrganization` runs of one
 * organization at a time (so one organization cannot starve the others); inside that, the organization's
 * own "exports running at once" limit decides when each export starts, first in, first out. Once started,
 * the export is planned into partitions, each produced by its own run (run-export-partition); the last one
 * to finish asks for the archive (assemble-export). This run ends there: the export stays running, and
 * holds its slot, until the archive is stored or the export fails.
 */
export function createRunExport(deps: () => RunDeps, opts: { perOrganization: number; partitionRows: number }) {
  return inngest.createFunction(
    {
      id: "run-export",
      name: "Run export",
      triggers: [exportRequested],
      retries: RUN_EXPORT_RETRIES,
      concurrency: [{ key: "event.data.organizationId", limit: opts.perOrganization }],
      cancelOn: [...CANCEL_ON_EXPORT_CANCELLED],
      onFailure: failExport(deps),
    },
    async ({ event, step }) => {
      const { exportId, organizationId, tenantId } = event.data;
      let claim = await step.run("mark-running", () => claimRunSlot(deps(), exportId));
      for (let turn = 1; claim === "waiting"; turn++) {
        await step.sleep(`wait-for-slot-${turn}`, `${Math.min(2 ** turn, MAX_WAIT_SECONDS)}s`);
        claim = await step.run(`mark-running-${turn}`, () => claimRunSlot(deps(), exportId));
      }
      if (claim === "gone") return { exportId, outcome: "skipped: no longer pending" };
      const estimated: unknown = await step.run("estimate-rows", () => refusalIsFinal(() => estimateExport(deps(), exportId)));
      // Per realm; a run that estimated before estimates were per realm has one number, and the plan estimates again.
      const estimates = Array.isArray(estimated) ? (estimated as number[]) : undefined;
      const plan = await step.run("plan-partitions", () => refusalIsFinal(() => planExport(deps(), exportId, { targetRows: opts.partitionRows, estimates })));
      // Fixed event ids: a retried send starts no partition twice (events with a seen id trigger nothing).
      const events = Array.from({ length: plan.partitions }, (_, i) =>
        exportPartitionRequested.create({ exportId, organizationId, tenantId, index: i + 1 }, { id: `export-${exportId}-partition-${i + 1}` }),
      );
      await step.sendEvent("start-partitions", events);
      return { exportId, outcome: "planned", partitions: plan.partitions };
    },
  );
}

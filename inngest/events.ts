import { eventType } from "inngest";
import { z } from "zod";

const exportRef = {
  exportId: z.uuid(),
  organizationId: z.uuid(),
  tenantId: z.uuid(),
};

/** A person or API client asked for an export; run-export produces it. */
export const exportRequested = eventType("export/requested", {
  schema: z.object({ ...exportRef, requestedBy: z.string().min(1) }),
});

/** Stop a pending or running export (cancelOn of run-export matches exportId). */
export const exportCancelled = eventType("export/cancelled", {
  schema: z.object({ ...exportRef, cancelledBy: z.string().min(1) }),
});

export const exportCompleted = eventType("export/completed", {
  schema: z.object({ ...exportRef }),
});

export const exportFailed = eventType("export/failed", {
  schema: z.object({ ...exportRef, error: z.string() }),
});

/** One partition of a planned export is to be produced (run-export-partition). */
export const exportPartitionRequested = eventType("export/partition.requested", {
  schema: z.object({ ...exportRef, index: z.number().int().min(1) }),
});

/** Every partition of an export is stored; assemble-export builds its archive. */
export const exportPartitionsDone = eventType("export/partitions.done", {
  schema: z.object({ ...exportRef }),
});

/** Ask for a schedule tick now rather than at the next minute (tests, and an operator after downtime); optionally of one organization. */
export const scheduleTickRequested = eventType("schedule/tick.requested", {
  schema: z.object({ reason: z.string().optional(), organizationId: z.uuid().optional() }),
});

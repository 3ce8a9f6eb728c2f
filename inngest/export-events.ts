import type { ExportEvents } from "@/lib/export-requests/service";
import { inngest } from "./client";
import { exportCancelled, exportRequested } from "./events";

/** The export service's events, sent through the Inngest client (the embedded engine or Inngest). */
export const inngestExportEvents: ExportEvents = {
  async requested(data, opts) {
    await inngest.send({ ...exportRequested.create(data), ...(opts?.id ? { id: opts.id } : {}) });
  },
  async cancelled(data) {
    await inngest.send(exportCancelled.create(data));
  },
};

import "server-only";
import { getDb, getWarehouseSql } from "@/db/client";
import { inngestExportEvents } from "@/inngest/export-events";
import { exportStorage } from "@/lib/exports";
import type { ExportDeps } from "@/lib/export-requests/service";

export { exportStorage };

/** The real collaborators of the export service: the database, the warehouse, the job engine and storage. */
export function exportDeps(): ExportDeps {
  return {
    db: getDb(),
    warehouse: getWarehouseSql(),
    events: inngestExportEvents,
    deleteFile: (key) => exportStorage().delete(key),
    fileExists: async (key) => (await exportStorage().stat(key)) !== null,
  };
}

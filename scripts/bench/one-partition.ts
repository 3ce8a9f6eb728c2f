import { createDb } from "../../db/client";
import { runMigrations } from "../../db/migrate";
import type { ExportRequest } from "../../lib/exports/types";
import { createOrg } from "../../test/factories";
import { loadRealm } from "./load";
import { benchDatabase } from "./processes";

/**
 * One partition's worth of events rows in a database of the bench's own, and the request that reads them all
 * (the partition profiles: partition-profile.ts and partition-memory.ts). `close` ends it and removes its files.
 */
export async function onePartition(name: string, rows: number, format: ExportRequest["format"]) {
  const database = await benchDatabase(name, undefined);
  const { db, sql } = createDb(database.url, 4);
  const close = async () => {
    await sql.end();
    await database.close();
  };
  try {
    await runMigrations(database.url);
    const org = await createOrg(db, name);
    const scope = { organizationId: org.organizationId, tenantId: org.tenantIds[0], projectId: org.projectIds[0], appId: org.appIds[0] };
    await loadRealm(sql, "events", scope, rows, "2025-01-02", "2025-06-29");
    await sql`vacuum analyze warehouse.events`;
    const req: ExportRequest = {
      tenantId: scope.tenantId,
      organizationId: scope.organizationId,
      scope: { type: "tenant" },
      realm: "events",
      timezone: "Europe/Amsterdam",
      dateFrom: "2025-01-01",
      dateTo: "2025-06-30",
      format,
    };
    return { db, sql, tmp: database.tmp, req, close };
  } catch (error) {
    await close();
    throw error;
  }
}

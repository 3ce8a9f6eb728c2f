import type { Db } from "../client";
import { organizationSettings } from "../schema";

type Tx = Pick<Db, "insert">;

export type EditableLimits = {
  maxRowsPerExport: number;
  maxActiveExportsPerUser: number;
  maxConcurrentExports: number;
  retentionDays: number;
  maxRangeDays: number;
};

/** Writes the editable limits; an organization without a settings row gets one (the rest stay default). */
export async function saveUsageLimits(tx: Tx, organizationId: string, limits: EditableLimits) {
  await tx
    .insert(organizationSettings)
    .values({ organizationId, ...limits })
    .onConflictDoUpdate({ target: organizationSettings.organizationId, set: limits });
}

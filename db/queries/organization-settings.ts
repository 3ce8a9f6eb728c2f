import { eq } from "drizzle-orm";
import type { Db } from "../client";
import { organizationSettings } from "../schema";

type Tx = Pick<Db, "insert">;

export interface UsageLimits {
  maxRowsPerExport: number;
  maxConcurrentExports: number;
  maxActiveExportsPerUser: number;
  retentionDays: number;
  /** Null: the organization sets no longest range. */
  maxRangeDays: number | null;
}

export const DEFAULT_LIMITS: UsageLimits = {
  maxRowsPerExport: 50_000_000,
  maxConcurrentExports: 2,
  maxActiveExportsPerUser: 10,
  retentionDays: 30,
  maxRangeDays: 366,
};

export async function getUsageLimits(db: Pick<Db, "select">, organizationId: string): Promise<UsageLimits> {
  const rows = await db.select().from(organizationSettings).where(eq(organizationSettings.organizationId, organizationId));
  const row = rows[0];
  if (!row) return DEFAULT_LIMITS;
  return {
    maxRowsPerExport: row.maxRowsPerExport,
    maxConcurrentExports: row.maxConcurrentExports,
    maxActiveExportsPerUser: row.maxActiveExportsPerUser,
    retentionDays: row.retentionDays,
    maxRangeDays: row.maxRangeDays,
  };
}

/** Writes the editable limits; an organization without a settings row gets one (the rest stay default). */
export async function saveUsageLimits(tx: Tx, organizationId: string, limits: UsageLimits) {
  await tx
    .insert(organizationSettings)
    .values({ organizationId, ...limits })
    .onConflictDoUpdate({ target: organizationSettings.organizationId, set: limits });
}

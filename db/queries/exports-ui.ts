import { eq } from "drizzle-orm";
import type { Db } from "../client";
import { tenants } from "../schema";

/**
 * The organization a tenant belongs to, so an API request that names only its tenant (as "Copy API
 * request" does) can be checked against the right organization. Access is checked afterwards.
 */
export async function findTenantOrganizationId(db: Db, tenantId: string): Promise<string | null> {
  const rows = await db.select({ organizationId: tenants.organizationId }).from(tenants).where(eq(tenants.id, tenantId));
  return rows[0]?.organizationId ?? null;
}

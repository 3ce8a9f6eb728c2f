import { eq } from "drizzle-orm";
import type { Db } from "../client";
import { organizations } from "../schema";

type Tx = Pick<Db, "select">;

/**
 * Takes a row lock on the organization for the rest of the transaction. Membership and role changes of
 * one organization then run one after another, so two admins removing each other at the same moment
 * cannot both pass the "another admin remains" check. NO KEY UPDATE rather than UPDATE: rows elsewhere that
 * merely reference the organization (exports, audit events) are not held up by it.
 */
export async function lockOrganization(tx: Tx, organizationId: string): Promise<boolean> {
  const rows = await tx.select({ id: organizations.id }).from(organizations).where(eq(organizations.id, organizationId)).for("no key update");
  return rows.length > 0;
}

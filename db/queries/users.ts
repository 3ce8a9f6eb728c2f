import { eq } from "drizzle-orm";
import type { Db } from "../client";
import { users } from "../schema";

/** How a user is named to others (an export's requester, a token's owner). */
export async function getUserContact(db: Db, userId: string): Promise<{ email: string; name: string | null } | null> {
  const rows = await db.select({ email: users.email, name: users.name }).from(users).where(eq(users.id, userId));
  return rows[0] ?? null;
}

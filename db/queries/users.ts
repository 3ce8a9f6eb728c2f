import { eq, sql } from "drizzle-orm";
import type { Db } from "../client";
import { users } from "../schema";

type Tx = Pick<Db, "select" | "insert">;

/** How a user is named to others (an export's requester, a token's owner). */
export async function getUserContact(db: Db, userId: string): Promise<{ email: string; name: string | null } | null> {
  const rows = await db.select({ email: users.email, name: users.name }).from(users).where(eq(users.id, userId));
  return rows[0] ?? null;
}

export async function findUserByEmail(db: Tx, email: string): Promise<{ id: string; email: string } | null> {
  const rows = await db
    .select({ id: users.id, email: users.email })
    .from(users)
    .where(eq(sql`lower(${users.email})`, email.toLowerCase()))
    .limit(1);
  return rows[0] ?? null;
}

/** A user row for an address nobody has used yet; Auth.js signs them in to it with a magic link. */
export async function insertUser(db: Tx, email: string): Promise<{ id: string; email: string }> {
  // Another organization may add the same new address at the same moment; then use the row it made.
  const [row] = await db.insert(users).values({ email }).onConflictDoNothing({ target: users.email }).returning({ id: users.id, email: users.email });
  const user = row ?? (await findUserByEmail(db, email));
  if (!user) throw new Error(`could not create or find the user ${email}`);
  return user;
}

export async function getUserEmail(db: Tx, userId: string): Promise<string | null> {
  const rows = await db.select({ email: users.email }).from(users).where(eq(users.id, userId));
  return rows[0]?.email ?? null;
}

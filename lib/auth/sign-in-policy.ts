import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { memberships, users } from "@/db/schema";
import { env } from "@/lib/config/env";

/**
 * Who may receive a magic link: members of at least one organization, or anyone when self-sign-up is on.
 * The caller answers the same way either way, so the sign-in form never reveals who has an account.
 */
export async function mayReceiveSignInLink(db: Db, email: string, allowSelfSignup: boolean): Promise<boolean> {
  if (allowSelfSignup) return true;
  const rows = await db
    .select({ n: sql<number>`1` })
    .from(users)
    .innerJoin(memberships, eq(memberships.userId, users.id))
    .where(eq(sql`lower(${users.email})`, email.trim().toLowerCase()))
    .limit(1);
  return rows.length > 0;
}

export const MAGIC_LINK_MINUTES = 15;

/** AUTH_ALLOW_SELF_SIGNUP: anyone may sign in, an account is made on first use. */
export const selfSignupAllowed = () => env().AUTH_ALLOW_SELF_SIGNUP;

import { eq } from "drizzle-orm";
import type { Db } from "../client";
import { userPreferences } from "../schema";

export async function getPreference(db: Db, userId: string) {
  const rows = await db.select().from(userPreferences).where(eq(userPreferences.userId, userId));
  return rows[0] ?? null;
}

export async function savePreference(db: Db, userId: string, value: { organizationId: string | null; tenantId: string | null; timezone?: string | null }) {
  await db
    .insert(userPreferences)
    .values({ userId, ...value, updatedAt: new Date() })
    .onConflictDoUpdate({ target: userPreferences.userId, set: { ...value, updatedAt: new Date() } });
}

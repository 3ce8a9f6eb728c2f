import { desc, eq, ilike } from "drizzle-orm";
import type { Db } from "../client";
import { emailOutbox } from "../schema";

export async function listOutbox(db: Db, opts: { to?: string; limit?: number } = {}) {
  return db
    .select({ id: emailOutbox.id, to: emailOutbox.to, subject: emailOutbox.subject, createdAt: emailOutbox.createdAt })
    .from(emailOutbox)
    .where(opts.to ? ilike(emailOutbox.to, opts.to) : undefined)
    .orderBy(desc(emailOutbox.createdAt))
    .limit(opts.limit ?? 100);
}

export async function getOutboxMessage(db: Db, id: string) {
  const rows = await db.select().from(emailOutbox).where(eq(emailOutbox.id, id));
  return rows[0] ?? null;
}

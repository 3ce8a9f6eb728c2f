import { pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

/** Mail that would have been sent, when no mail provider is configured. Shown at /dev/mailbox. */
export const emailOutbox = pgTable("email_outbox", {
  id: uuid("id").primaryKey().defaultRandom(),
  /** One message per key: a retried send with the same key is dropped. */
  dedupeKey: text("dedupe_key").unique(),
  to: text("to").notNull(),
  from: text("from").notNull(),
  subject: text("subject").notNull(),
  html: text("html").notNull(),
  text: text("text").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).defaultNow().notNull(),
});

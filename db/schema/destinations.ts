import { boolean, integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { exports } from "./exports";
import { schedules } from "./schedules";

/** A schedule's S3-compatible bucket, where each finished run is copied; at most one per schedule. */
export const scheduleDestinations = pgTable("schedule_destinations", {
  scheduleId: uuid("schedule_id")
    .primaryKey()
    .references(() => schedules.id, { onDelete: "cascade" }),
  type: text("type").$type<"s3">().notNull().default("s3"),
  bucket: text("bucket").notNull(),
  /** Prepended to every object key as given, e.g. "portal/" (empty: the bucket's root). */
  prefix: text("prefix").notNull().default(""),
  endpoint: text("endpoint"),
  region: text("region").notNull(),
  forcePathStyle: boolean("force_path_style").notNull().default(false),
  /** The access key id's last 4 characters, the most of it ever shown. */
  accessKeyHint: text("access_key_hint").notNull(),
  /** Access key id and secret, AES-256-GCM with DESTINATION_CREDENTIALS_KEY (lib/destinations/crypto.ts). */
  credentials: text("credentials").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).defaultNow().notNull(),
});

/** A run's copy to its schedule's bucket: when it was delivered, or why the last attempt failed. */
export const exportDeliveries = pgTable("export_deliveries", {
  exportId: uuid("export_id")
    .primaryKey()
    .references(() => exports.id, { onDelete: "cascade" }),
  state: text("state").$type<"delivering" | "delivered" | "failed">().notNull(),
  /** Where the manifest was written: bucket and key, the reference a reader follows. */
  bucket: text("bucket").notNull(),
  manifestKey: text("manifest_key").notNull(),
  attempts: integer("attempts").notNull().default(0),
  lastError: text("last_error"),
  deliveredAt: timestamp("delivered_at", { withTimezone: true }),
  updatedAt: timestamp("updated_at", { withTimezone: true }).defaultNow().notNull(),
});

export type ScheduleDestinationRow = typeof scheduleDestinations.$inferSelect;
export type ExportDeliveryRow = typeof exportDeliveries.$inferSelect;

import { sql } from "drizzle-orm";
import { bigint, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { exports } from "./exports";

/** waiting: not started; running: an attempt is producing it; retrying: the last attempt failed and another will come; done: stored. */
export const partitionStatus = pgEnum("export_partition_status", ["waiting", "running", "retrying", "done"]);

/** A data file inside a partition's output, as the archive's README lists it. */
export interface PartitionFile {
  name: string;
  rows: number;
  bytes: number;
  sha256: string;
}

/**
 * One slice of an export: one realm, rows whose time column lies in [fromTs, toTs) within the request's own
 * range. A null bound is the request's own (its start, or its end). Its output is a zip of its data files
 * stored under a fixed key, so a retry replaces it.
 */
export const exportPartitions = pgTable(
  "export_partitions",
  {
    exportId: uuid("export_id")
      .notNull()
      .references(() => exports.id, { onDelete: "cascade" }),
    /** 1, 2, 3 … in archive order: realms in request order, then time. */
    index: integer("index").notNull(),
    realm: text("realm").notNull(),
    fromTs: timestamp("from_ts", { withTimezone: true, precision: 3 }),
    toTs: timestamp("to_ts", { withTimezone: true, precision: 3 }),
    rowsEstimate: bigint("rows_estimate", { mode: "number" }).notNull().default(0),
    status: partitionStatus("status").notNull().default("waiting"),
    rows: bigint("rows", { mode: "number" }).notNull().default(0),
    bytes: bigint("bytes", { mode: "number" }).notNull().default(0),
    /** SHA-256 of the stored output (the partition's zip). */
    sha256: text("sha256"),
    storageKey: text("storage_key"),
    files: jsonb("files")
      .$type<PartitionFile[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    startedAt: timestamp("started_at", { withTimezone: true }),
    completedAt: timestamp("completed_at", { withTimezone: true }),
    updatedAt: timestamp("updated_at", { withTimezone: true }).defaultNow().notNull(),
  },
  (t) => [primaryKey({ columns: [t.exportId, t.index] }), index("export_partitions_status_idx").on(t.exportId, t.status)],
);

export type PartitionRow = typeof exportPartitions.$inferSelect;

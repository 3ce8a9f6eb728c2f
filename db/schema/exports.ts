import { sql } from "drizzle-orm";
import { bigint, date, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { schedules } from "./schedules";
import { organizations, tenants } from "./tenancy";
import type { StudyScope } from "./studies";

export const exportStatus = pgEnum("export_status", ["pending", "running", "done", "failed", "cancelled", "expired"]);
export const exportFormat = pgEnum("export_format", ["csv", "json", "ndjson", "parquet", "xlsx", "csv+ndjson"]);

export type ExportScope =
  { type: "tenant" } | { type: "project"; projectId: string } | { type: "apps"; projectId?: string; appIds: string[] } | { type: "organization" } | StudyScope;

export type ExportFilter =
  | { field: string; op: "eq"; value: string | number }
  | { field: string; op: "in"; values: (string | number)[] }
  | { field: string; op: "range"; min?: string | number; max?: string | number };

export interface ExportOptions {
  csvBom?: boolean;
  formulaGuard?: boolean;
}

/** Parts the requester asked for: each data file ends before it would pass either limit. */
export interface ExportParts {
  maxRows?: number;
  maxMegabytes?: number;
}

/** One realm of an export: its fields (in file column order) and its filters. */
export interface ExportRealmRequest {
  realm: string;
  fields: string[];
  filters: ExportFilter[];
}

export const exports = pgTable(
  "exports",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    requestedBy: text("requested_by")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    scope: jsonb("scope").$type<ExportScope>().notNull(),
    scopeLabel: text("scope_label").notNull(),
    realm: text("realm").notNull(),
    fields: text("fields").array().notNull(),
    filters: jsonb("filters")
      .$type<ExportFilter[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    /** Null: from the first record. */
    dateFrom: date("date_from", { mode: "string" }),
    /** Null: up to toAsOf, the moment the request was made. */
    dateTo: date("date_to", { mode: "string" }),
    timezone: text("timezone").notNull(),
    format: exportFormat("format").notNull(),
    options: jsonb("options")
      .$type<ExportOptions>()
      .notNull()
      .default(sql`'{}'::jsonb`),
    status: exportStatus("status").notNull().default("pending"),
    rowsEstimate: bigint("rows_estimate", { mode: "number" }),
    rowsProcessed: bigint("rows_processed", { mode: "number" }).notNull().default(0),
    bytesWritten: bigint("bytes_written", { mode: "number" }).notNull().default(0),
    error: text("error"),
    storageKey: text("storage_key"),
    fileName: text("file_name"),
    sizeBytes: bigint("size_bytes", { mode: "number" }),
    sha256: text("sha256"),
    rowCount: bigint("row_count", { mode: "number" }),
    resubmittedFrom: uuid("resubmitted_from"),
    downloadCount: integer("download_count").notNull().default(0),
    firstDownloadedAt: timestamp("first_downloaded_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).defaultNow().notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).defaultNow().notNull(),
    startedAt: timestamp("started_at", { withTimezone: true }),
    progressAt: timestamp("progress_at", { withTimezone: true }),
    completedAt: timestamp("completed_at", { withTimezone: true }),
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
    /** SHA-256 of the normalised request (requester, tenant, scope, realm, fields, filters, dates, format, options). */
    requestFingerprint: text("request_fingerprint"),
    /** Part limits asked for in the request; null for one file per format. */
    parts: jsonb("parts").$type<ExportParts>(),
    /**
     * For a request without an end date, the moment it was made: the export covers records before it, so a
     * rerun or a retry reads the same rows however many arrive later. Null when the request has an end date.
     */
    toAsOf: timestamp("to_as_of", { withTimezone: true, precision: 6 }),
    /**
     * With several realms, every realm of the archive in the archive's order; the first is also in realm, fields
     * and filters (the list and older readers use those). Null for one realm, which those columns hold alone.
     */
    realms: jsonb("realms").$type<ExportRealmRequest[]>(),
    /** Rows written per realm, from the finished archive's manifest; null until done. */
    rowsByRealm: jsonb("rows_by_realm").$type<Record<string, number>>(),
    /** What the requester called it, or a name made from the realm and dates; null for exports made before names. */
    name: text("name"),
    /**
     * The stream: SHA-256 of realms, scope, filters and fields (lib/export-checkpoints/stream.ts). Exports of one
     * stream in one tenant follow each other by checkpoint.
     */
    streamHash: text("stream_hash"),
    /** The database snapshot (pg_snapshot as text) taken when the export was planned: it holds the rows that had arrived by then. */
    snapshot: text("snapshot"),
    snapshotAt: timestamp("snapshot_at", { withTimezone: true }),
    /** An incremental export: the export whose checkpoint it continues, and that export's snapshot (rows visible in it are left out). */
    sinceExportId: uuid("since_export_id"),
    previousSnapshot: text("previous_snapshot"),
    /** The previous export's toAsOf: rows of its snapshot stamped at or after it were not in it, so they are in this one. */
    previousToAsOf: timestamp("previous_to_as_of", { withTimezone: true, precision: 6 }),
    /** The opaque checkpoint (ckpt_…) a done export hands out; null until done, so a failed export never advances it. */
    checkpointToken: text("checkpoint_token"),
    /** The schedule this export is a run of; null for an export someone asked for. */
    scheduleId: uuid("schedule_id").references(() => schedules.id, { onDelete: "set null" }),
    /** A schedule run's window, half-open [start, end), to the microsecond; narrows the dates when set. */
    intervalStart: timestamp("interval_start", { withTimezone: true, precision: 6 }),
    intervalEnd: timestamp("interval_end", { withTimezone: true, precision: 6 }),
  },
  (t) => [
    // The list's ORDER BY is `created_at desc, id desc`, which Postgres reads as NULLS FIRST: the index must say
    // the same, or every page sorts the tenant's whole history.
    index("exports_tenant_created_idx").on(t.tenantId, t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index("exports_tenant_requester_created_idx").on(t.tenantId, t.requestedBy, t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    // The list filtered to one realm, in the same order: a realm with few exports is not found by walking all of them.
    index("exports_tenant_realm_created_idx").on(t.tenantId, t.realm, t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    // Search by part of the name (ILIKE '%…%'): trigrams find the few matches, which alone are then ordered.
    index("exports_name_trgm_idx").using("gin", sql`${t.name} gin_trgm_ops`),
    // One active export per identical request, however many arrive at once.
    uniqueIndex("exports_active_request_uniq")
      .on(t.requestFingerprint)
      .where(sql`${t.status} in ('pending', 'running') and ${t.deletedAt} is null`),
    // Also serves queue positions: the organization's pending exports requested before one.
    index("exports_org_status_created_idx").on(t.organizationId, t.status, t.createdAt),
    index("exports_requested_by_idx").on(t.requestedBy),
    uniqueIndex("exports_checkpoint_token_uniq").on(t.checkpointToken),
    // The newest checkpoint of a stream in a tenant (incremental: true, the form's offer).
    index("exports_stream_checkpoint_idx")
      .on(t.tenantId, t.streamHash, t.completedAt.desc())
      .where(sql`${t.checkpointToken} is not null`),
    // One run per schedule and interval, however often a tick fires: a second insert fails here.
    uniqueIndex("exports_schedule_interval_uniq").on(t.scheduleId, t.intervalEnd),
    index("exports_expires_idx")
      .on(t.expiresAt)
      .where(sql`${t.status} = 'done'`),
  ],
);

export type ExportRow = typeof exports.$inferSelect;

import { sql } from "drizzle-orm";
import { bigserial, customType, doublePrecision, index, integer, jsonb, pgSchema, text, timestamp, uuid } from "drizzle-orm/pg-core";

/** The data warehouse: one table per realm (see lib/realms/catalog.ts). */
export const warehouse = pgSchema("warehouse");

const ts = (name: string) => timestamp(name, { withTimezone: true });

/** A 64-bit transaction id (xid8), read as its decimal text. */
const xid8 = customType<{ data: string; driverData: string }>({ dataType: () => "xid8" });

const scopeColumns = () => ({
  organizationId: uuid("organization_id").notNull(),
  tenantId: uuid("tenant_id").notNull(),
  projectId: uuid("project_id").notNull(),
  appId: uuid("app_id").notNull(),
  /**
   * The arrival marker: the transaction that wrote the row (lab results: that last corrected it, by trigger).
   * Incremental exports select rows whose transaction is visible in their own database snapshot and was not
   * in the previous export's. Ids and times cannot do this: transactions commit out of order.
   */
  ingestXid: xid8("ingest_xid")
    .notNull()
    .default(sql`pg_current_xact_id()`),
});

export const warehouseJobs = warehouse.table(
  "jobs",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    ...scopeColumns(),
    jobId: text("job_id").notNull(),
    userName: text("user_name").notNull(),
    jobName: text("job_name"),
    queue: text("queue").notNull(),
    submittedAt: ts("submitted_at").notNull(),
    startedAt: ts("started_at"),
    endedAt: ts("ended_at"),
    nodes: integer("nodes").notNull(),
    cores: integer("cores").notNull(),
    cpuHours: doublePrecision("cpu_hours"),
    memoryGb: doublePrecision("memory_gb"),
    exitState: text("exit_state").notNull(),
    exitCode: integer("exit_code"),
  },
  (t) => [
    index("jobs_tenant_time_idx").on(t.tenantId, t.submittedAt),
    index("jobs_org_time_idx").on(t.organizationId, t.submittedAt),
    index("jobs_project_time_idx").on(t.projectId, t.submittedAt),
    index("jobs_org_ingest_idx").on(t.organizationId, t.ingestXid),
    index("jobs_app_time_idx").on(t.appId, t.submittedAt),
  ],
);

export const warehouseEvents = warehouse.table(
  "events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    ...scopeColumns(),
    eventTime: ts("event_time").notNull(),
    eventType: text("event_type").notNull(),
    deviceId: text("device_id").notNull(),
    sessionId: text("session_id").notNull(),
    platform: text("platform").notNull(),
    country: text("country"),
    properties: jsonb("properties"),
  },
  (t) => [
    index("events_tenant_time_idx").on(t.tenantId, t.eventTime),
    index("events_org_time_idx").on(t.organizationId, t.eventTime),
    index("events_project_time_idx").on(t.projectId, t.eventTime),
    index("events_org_ingest_idx").on(t.organizationId, t.ingestXid),
    index("events_app_time_idx").on(t.appId, t.eventTime),
  ],
);

export const warehouseLabResults = warehouse.table(
  "lab_results",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    ...scopeColumns(),
    participantId: text("participant_id").notNull(),
    assay: text("assay").notNull(),
    analyte: text("analyte").notNull(),
    value: doublePrecision("value"),
    unit: text("unit").notNull(),
    referenceLow: doublePrecision("reference_low"),
    referenceHigh: doublePrecision("reference_high"),
    flag: text("flag"),
    collectedAt: ts("collected_at").notNull(),
    reportedAt: ts("reported_at"),
    comment: text("comment"),
  },
  (t) => [
    index("lab_results_tenant_time_idx").on(t.tenantId, t.collectedAt),
    index("lab_results_org_time_idx").on(t.organizationId, t.collectedAt),
    index("lab_results_project_time_idx").on(t.projectId, t.collectedAt),
    index("lab_results_org_ingest_idx").on(t.organizationId, t.ingestXid),
    index("lab_results_app_time_idx").on(t.appId, t.collectedAt),
  ],
);

import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { organizations, tenants } from "./tenancy";

export const scheduleMode = pgEnum("schedule_mode", ["incremental", "fixed_window"]);
export const scheduleState = pgEnum("schedule_state", ["active", "paused"]);

/** How often a schedule runs, always read in the schedule's timezone. */
export type ScheduleCadence = { every: "hour" } | { every: "day"; at: string } | { every: "week"; on: Weekday; at: string } | { cron: string };

export const WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/**
 * The export request a schedule repeats, as a client sends it to POST /api/v1/exports without dates (the
 * shape clientRequestOf makes of a CheckedRequest); every run checks it again as its owner, with its interval's dates.
 */
export type ScheduleRequest = Record<string, unknown> & { tenantId: string };

/** What the last catch-up left out (more missed intervals than it runs), shown on the schedule. */
export interface SkippedIntervals {
  count: number;
  from: string;
  to: string;
}

export const schedules = pgTable(
  "schedules",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    ownerId: text("owner_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    request: jsonb("request").$type<ScheduleRequest>().notNull(),
    cadence: jsonb("cadence").$type<ScheduleCadence>().notNull(),
    timezone: text("timezone").notNull(),
    mode: scheduleMode("mode").notNull().default("incremental"),
    state: scheduleState("state").notNull().default("active"),
    pausedReason: text("paused_reason"),
    pausedAt: timestamp("paused_at", { withTimezone: true }),
    /** When the next interval ends and its run is due; the tick claims schedules whose time has come. */
    nextRunAt: timestamp("next_run_at", { withTimezone: true }).notNull(),
    lastRunAt: timestamp("last_run_at", { withTimezone: true }),
    /** Missed intervals beyond the catch-up cap, most recent first-hand record; null when none were skipped. */
    skipped: jsonb("skipped").$type<SkippedIntervals>(),
    createdAt: timestamp("created_at", { withTimezone: true }).defaultNow().notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).defaultNow().notNull(),
  },
  (t) => [
    // The tick's claim: active schedules in the order they fall due.
    index("schedules_due_idx")
      .on(t.nextRunAt)
      .where(sql`${t.state} = 'active'`),
    index("schedules_org_idx").on(t.organizationId, t.createdAt),
    index("schedules_owner_idx").on(t.ownerId),
  ],
);

/** A date range a person asked to run again, split into the schedule's intervals and queued a few at a time. */
export const scheduleBackfills = pgTable(
  "schedule_backfills",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    scheduleId: uuid("schedule_id")
      .notNull()
      .references(() => schedules.id, { onDelete: "cascade" }),
    requestedBy: text("requested_by")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** The first and last day asked for, YYYY-MM-DD in the schedule's timezone. */
    fromDate: text("from_date").notNull(),
    toDate: text("to_date").notNull(),
    /** When each of its runs is due on the cadence, in order (ISO instants); each names one interval. */
    dueTimes: jsonb("due_times").$type<string[]>().notNull(),
    /** How many of dueTimes are queued so far; the tick queues the rest as the export limits allow. */
    queued: integer("queued").notNull().default(0),
    createdAt: timestamp("created_at", { withTimezone: true }).defaultNow().notNull(),
  },
  (t) => [index("schedule_backfills_schedule_idx").on(t.scheduleId)],
);

export type ScheduleRow = typeof schedules.$inferSelect;
export type ScheduleBackfillRow = typeof scheduleBackfills.$inferSelect;

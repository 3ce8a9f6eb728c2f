import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { organizations } from "./tenancy";

/** The events an endpoint may subscribe to, in the names the payloads carry. */
export const WEBHOOK_EVENTS = ["export.completed", "export.failed", "schedule.paused"] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number];

/**
 * An organization's webhook endpoint. The secret is kept as issued (whsec_…) because every delivery is
 * signed with it; after a rotation the previous one stays, with an expiry, so receivers that have not yet
 * switched still verify one of the signatures.
 */
export const webhookEndpoints = pgTable(
  "webhook_endpoints",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    url: text("url").notNull(),
    events: text("events").array().$type<WebhookEventType[]>().notNull(),
    secret: text("secret").notNull(),
    previousSecret: text("previous_secret"),
    previousSecretExpiresAt: timestamp("previous_secret_expires_at", { withTimezone: true }),
    /** The admin who registered it: told by email when it is disabled. */
    ownerId: text("owner_id").references(() => users.id, { onDelete: "set null" }),
    disabledAt: timestamp("disabled_at", { withTimezone: true }),
    disabledReason: text("disabled_reason"),
    createdAt: timestamp("created_at", { withTimezone: true }).defaultNow().notNull(),
  },
  (t) => [index("webhook_endpoints_org_idx").on(t.organizationId)],
);

/** One try of a delivery, as the log shows it. */
export interface WebhookAttempt {
  at: string;
  /** The receiver's HTTP status; null when none came (refused address, timeout, connection error). */
  status: number | null;
  durationMs: number;
  error: string | null;
}

/**
 * One message to one endpoint. `webhookId` is the Standard Webhooks `webhook-id`: the same on every attempt
 * and redelivery, so a receiver can drop duplicates; (endpoint, webhookId) is unique, so a fan-out that runs
 * twice makes one delivery.
 */
export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    endpointId: uuid("endpoint_id")
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: "cascade" }),
    event: text("event").$type<WebhookEventType>().notNull(),
    webhookId: text("webhook_id").notNull(),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    /** pending: attempts go on; delivered: a 2xx came; failed: every attempt failed, or the endpoint is gone. */
    status: text("status").$type<"pending" | "delivered" | "failed">().notNull().default("pending"),
    attempts: jsonb("attempts")
      .$type<WebhookAttempt[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    /** Bumped by Redeliver, so each round of attempts is its own engine run. */
    round: integer("round").notNull().default(1),
    createdAt: timestamp("created_at", { withTimezone: true }).defaultNow().notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).defaultNow().notNull(),
  },
  (t) => [uniqueIndex("webhook_deliveries_message_idx").on(t.endpointId, t.webhookId), index("webhook_deliveries_endpoint_idx").on(t.endpointId, t.createdAt)],
);

export type WebhookEndpointRow = typeof webhookEndpoints.$inferSelect;
export type WebhookDeliveryRow = typeof webhookDeliveries.$inferSelect;

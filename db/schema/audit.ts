import { bigint, index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { organizations } from "./tenancy";

/** Who did what, when and from where. Written in the same transaction as the change it records. */
export const auditEvents = pgTable(
  "audit_events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    tenantId: uuid("tenant_id"),
    actorUserId: text("actor_user_id"),
    actorTokenId: uuid("actor_token_id"),
    action: text("action").notNull(),
    exportId: uuid("export_id"),
    ipAddress: text("ip_address"),
    userAgent: text("user_agent"),
    bytesServed: bigint("bytes_served", { mode: "number" }),
    details: jsonb("details").$type<Record<string, unknown>>(),
    createdAt: timestamp("created_at", { withTimezone: true }).defaultNow().notNull(),
  },
  (t) => [index("audit_events_org_created_idx").on(t.organizationId, t.createdAt), index("audit_events_export_idx").on(t.exportId)],
);

export const apiTokens = pgTable(
  "api_tokens",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    tenantId: uuid("tenant_id"),
    userId: text("user_id").notNull(),
    name: text("name").notNull(),
    prefix: text("prefix").notNull(),
    tokenHash: text("token_hash").notNull().unique(),
    scopes: text("scopes").array().notNull(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    /** Null: the token never expires (its owner chose so). */
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).defaultNow().notNull(),
  },
  (t) => [index("api_tokens_org_idx").on(t.organizationId)],
);

import { and, arrayContains, desc, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "../client";
import { webhookDeliveries, webhookEndpoints, type WebhookAttempt, type WebhookEventType } from "../schema";

/** An endpoint as lists show it: everything but its secrets. */
export const endpointColumns = {
  id: webhookEndpoints.id,
  organizationId: webhookEndpoints.organizationId,
  url: webhookEndpoints.url,
  events: webhookEndpoints.events,
  ownerId: webhookEndpoints.ownerId,
  disabledAt: webhookEndpoints.disabledAt,
  disabledReason: webhookEndpoints.disabledReason,
  previousSecretExpiresAt: webhookEndpoints.previousSecretExpiresAt,
  createdAt: webhookEndpoints.createdAt,
};

export async function listEndpoints(db: Db, organizationId: string) {
  return db.select(endpointColumns).from(webhookEndpoints).where(eq(webhookEndpoints.organizationId, organizationId)).orderBy(desc(webhookEndpoints.createdAt));
}

/** The endpoint with its secrets, for signing; only delivery code reads these. */
export async function getEndpointWithSecrets(db: Db, id: string) {
  const rows = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id));
  return rows[0] ?? null;
}

export async function findEndpointOrganization(db: Db, id: string): Promise<string | null> {
  const rows = await db.select({ organizationId: webhookEndpoints.organizationId }).from(webhookEndpoints).where(eq(webhookEndpoints.id, id));
  return rows[0]?.organizationId ?? null;
}

/** The enabled endpoints of an organization that take an event. */
export async function subscribedEndpoints(db: Db, organizationId: string, event: WebhookEventType) {
  return db
    .select({ id: webhookEndpoints.id })
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.organizationId, organizationId), isNull(webhookEndpoints.disabledAt), arrayContains(webhookEndpoints.events, [event])));
}

/** One delivery per endpoint and message: a repeated fan-out returns the ids already made. */
export async function insertDeliveries(
  db: Db,
  endpointIds: string[],
  message: { event: WebhookEventType; webhookId: string; payload: Record<string, unknown> },
) {
  if (endpointIds.length === 0) return [];
  await db
    .insert(webhookDeliveries)
    .values(endpointIds.map((endpointId) => ({ endpointId, ...message })))
    .onConflictDoNothing({ target: [webhookDeliveries.endpointId, webhookDeliveries.webhookId] });
  const rows = await db
    .select({ id: webhookDeliveries.id, endpointId: webhookDeliveries.endpointId, round: webhookDeliveries.round })
    .from(webhookDeliveries)
    .where(eq(webhookDeliveries.webhookId, message.webhookId));
  return rows.filter((r) => endpointIds.includes(r.endpointId));
}

export async function getDelivery(db: Db, id: string) {
  const rows = await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, id));
  return rows[0] ?? null;
}

export async function listDeliveries(db: Db, endpointId: string, limit = 50) {
  return db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, endpointId)).orderBy(desc(webhookDeliveries.createdAt)).limit(limit);
}

export async function appendAttempt(db: Db, id: string, attempt: WebhookAttempt, status: "pending" | "delivered" | "failed") {
  await db
    .update(webhookDeliveries)
    .set({ attempts: sql`${webhookDeliveries.attempts} || ${JSON.stringify([attempt])}::jsonb`, status, updatedAt: new Date() })
    .where(eq(webhookDeliveries.id, id));
}

export async function setDeliveryStatus(db: Db, id: string, status: "pending" | "delivered" | "failed") {
  await db.update(webhookDeliveries).set({ status, updatedAt: new Date() }).where(eq(webhookDeliveries.id, id));
}

/** A new round of attempts for Redeliver; returns the round, or null for no such delivery. */
export async function nextDeliveryRound(db: Db, id: string): Promise<number | null> {
  const rows = await db
    .update(webhookDeliveries)
    .set({ round: sql`${webhookDeliveries.round} + 1`, status: "pending", updatedAt: new Date() })
    .where(eq(webhookDeliveries.id, id))
    .returning({ round: webhookDeliveries.round });
  return rows[0]?.round ?? null;
}

/** Disables an endpoint once; returns when it was disabled (null when it already was, or is gone). */
export async function disableEndpoint(db: Db, id: string, reason: string): Promise<Date | null> {
  const rows = await db
    .update(webhookEndpoints)
    .set({ disabledAt: new Date(), disabledReason: reason })
    .where(and(eq(webhookEndpoints.id, id), isNull(webhookEndpoints.disabledAt)))
    .returning({ disabledAt: webhookEndpoints.disabledAt });
  return rows[0]?.disabledAt ?? null;
}

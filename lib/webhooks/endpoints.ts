import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { endpointColumns, findEndpointOrganization, getDelivery, listDeliveries, listEndpoints, nextDeliveryRound } from "@/db/queries/webhooks";
import { WEBHOOK_EVENTS, webhookEndpoints } from "@/db/schema";
import { requireOrganizationAdmin } from "../admin/access";
import { recordAudit, type AuditAction } from "../audit/record";
import { AppError, isAppError } from "../errors/app-error";
import { parseForPeople } from "../errors/field-errors";
import type { Actor } from "../permissions/actor";
import { assertReachableUrl, parseWebhookUrl } from "./address";
import { newWebhookSecret } from "./signing";

/** How long a rotated-out secret still signs, so receivers can switch without missing a message. */
export const PREVIOUS_SECRET_HOURS = 24;

export interface WebhookDeps {
  db: Db;
  allowPrivate: boolean;
  /** Queues one round of attempts of a delivery (the engine's webhook/delivery.requested). */
  deliver(deliveryId: string, round: number): Promise<void>;
}

const NOT_FOUND = () => AppError.notFound("Webhook endpoint not found");

export const endpointInput = z.object(
  {
    url: z
      .string({ error: "Give the URL the portal should post to." })
      .trim()
      .min(1, "Give the URL the portal should post to.")
      .max(2000, "The URL is too long (at most 2,000 characters)."),
    events: z
      .array(z.enum(WEBHOOK_EVENTS, { error: `Choose events from: ${WEBHOOK_EVENTS.join(", ")}.` }), {
        error: `Choose events from: ${WEBHOOK_EVENTS.join(", ")}.`,
      })
      .min(1, "Choose at least one event.")
      .transform((list) => WEBHOOK_EVENTS.filter((e) => list.includes(e))),
  },
  { error: 'Send the endpoint as a JSON object, e.g. {"url": "https://example.com/hooks", "events": ["export.completed"]}.' },
);

const WORDS = { labels: { url: "The URL", events: "The events" } };

/**
 * Webhook endpoints belong to the organization and are managed by its organization admins, signed in:
 * an API token never gets members.manage, so a token is refused here with words that say where to go.
 */
async function requireWebhookAdmin(db: Db, actor: Actor, organizationId: string) {
  if (actor.restrict) {
    if (actor.restrict.organizationId !== organizationId) throw AppError.notFound("Organization not found");
    throw new AppError("forbidden", "API tokens cannot manage webhook endpoints. An organization admin manages them in Admin → Webhooks.");
  }
  return requireOrganizationAdmin(db, actor, organizationId);
}

/** The organization of an endpoint the actor may manage; another organization's reads as a made-up id. */
async function requireEndpoint(db: Db, actor: Actor, endpointId: string): Promise<string> {
  if (!z.uuid().safeParse(endpointId).success) throw NOT_FOUND();
  const organizationId = await findEndpointOrganization(db, endpointId);
  if (!organizationId) throw NOT_FOUND();
  try {
    await requireWebhookAdmin(db, actor, organizationId);
  } catch (error) {
    if (isAppError(error) && error.code === "not_found") throw NOT_FOUND();
    throw error;
  }
  return organizationId;
}

/** Every change to an endpoint is in the audit trail: a webhook is a way for data about exports to leave. */
function audit(db: Db, actor: Actor, organizationId: string, action: AuditAction, endpoint: { id: string; url: string }) {
  return recordAudit(db, {
    organizationId,
    tenantId: null,
    actorUserId: actor.userId,
    action,
    context: actor.context,
    details: { endpointId: endpoint.id, url: endpoint.url },
  });
}

export type EndpointView = Awaited<ReturnType<typeof listEndpoints>>[number];

export async function listWebhookEndpoints(deps: Pick<WebhookDeps, "db">, actor: Actor, organizationId: string): Promise<EndpointView[]> {
  if (!z.uuid().safeParse(organizationId).success) throw AppError.notFound("Organization not found");
  await requireWebhookAdmin(deps.db, actor, organizationId);
  return listEndpoints(deps.db, organizationId);
}

/** Registers an endpoint; the secret is in this answer only (lists never show it). */
export async function createWebhookEndpoint(deps: Pick<WebhookDeps, "db" | "allowPrivate">, actor: Actor, organizationId: string, raw: unknown) {
  if (!z.uuid().safeParse(organizationId).success) throw AppError.notFound("Organization not found");
  await requireWebhookAdmin(deps.db, actor, organizationId);
  const input = parseForPeople(endpointInput, raw, WORDS);
  const url = parseWebhookUrl(input.url);
  await assertReachableUrl(url, deps.allowPrivate);
  const secret = newWebhookSecret();
  const row = await deps.db.transaction(async (tx) => {
    const [made] = await tx
      .insert(webhookEndpoints)
      .values({ organizationId, url: url.toString(), events: input.events, secret, ownerId: actor.userId })
      .returning(endpointColumns);
    await audit(tx, actor, organizationId, "webhook.created", made);
    return made;
  });
  return { ...row, secret };
}

export async function deleteWebhookEndpoint(deps: Pick<WebhookDeps, "db">, actor: Actor, endpointId: string): Promise<void> {
  const organizationId = await requireEndpoint(deps.db, actor, endpointId);
  await deps.db.transaction(async (tx) => {
    const [gone] = await tx
      .delete(webhookEndpoints)
      .where(and(eq(webhookEndpoints.id, endpointId), eq(webhookEndpoints.organizationId, organizationId)))
      .returning({ id: webhookEndpoints.id, url: webhookEndpoints.url });
    if (gone) await audit(tx, actor, organizationId, "webhook.deleted", gone);
  });
}

/** A new secret, shown once; the previous one keeps signing (beside it) for PREVIOUS_SECRET_HOURS. */
export async function rotateWebhookSecret(deps: Pick<WebhookDeps, "db">, actor: Actor, endpointId: string, now = new Date()) {
  const organizationId = await requireEndpoint(deps.db, actor, endpointId);
  const secret = newWebhookSecret();
  const expires = new Date(now.getTime() + PREVIOUS_SECRET_HOURS * 3_600_000);
  const [row] = await deps.db
    .update(webhookEndpoints)
    .set({ previousSecret: webhookEndpoints.secret, previousSecretExpiresAt: expires, secret })
    .where(eq(webhookEndpoints.id, endpointId))
    .returning(endpointColumns);
  await audit(deps.db, actor, organizationId, "webhook.rotated", row);
  return { ...row, secret };
}

/** Takes a disabled endpoint back into use; what it missed can then be redelivered. */
export async function enableWebhookEndpoint(deps: Pick<WebhookDeps, "db">, actor: Actor, endpointId: string) {
  const organizationId = await requireEndpoint(deps.db, actor, endpointId);
  const [row] = await deps.db
    .update(webhookEndpoints)
    .set({ disabledAt: null, disabledReason: null })
    .where(eq(webhookEndpoints.id, endpointId))
    .returning(endpointColumns);
  await audit(deps.db, actor, organizationId, "webhook.enabled", row);
  return row;
}

export async function listWebhookDeliveries(deps: Pick<WebhookDeps, "db">, actor: Actor, endpointId: string) {
  await requireEndpoint(deps.db, actor, endpointId);
  return listDeliveries(deps.db, endpointId);
}

/** Sends a delivery again (same webhook-id, so receivers can drop a duplicate), as a new round of attempts. */
export async function redeliverWebhook(deps: WebhookDeps, actor: Actor, endpointId: string, deliveryId: string) {
  await requireEndpoint(deps.db, actor, endpointId);
  const delivery = z.uuid().safeParse(deliveryId).success ? await getDelivery(deps.db, deliveryId) : null;
  if (!delivery || delivery.endpointId !== endpointId) throw AppError.notFound("Delivery not found");
  const [endpoint] = await deps.db.select(endpointColumns).from(webhookEndpoints).where(eq(webhookEndpoints.id, endpointId));
  if (endpoint?.disabledAt) {
    throw new AppError("conflict", "This endpoint is disabled, so nothing is sent to it. Enable it first, then redeliver.");
  }
  const round = await nextDeliveryRound(deps.db, deliveryId);
  if (round === null) throw AppError.notFound("Delivery not found");
  await deps.deliver(deliveryId, round);
  return { ...delivery, round, status: "pending" as const };
}

import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { appendAttempt, disableEndpoint, getDelivery, getEndpointWithSecrets, setDeliveryStatus } from "@/db/queries/webhooks";
import { users, type WebhookEndpointRow } from "@/db/schema";
import { sendMail } from "../email/transport";
import { postWebhook } from "./post";
import { signedHeaders } from "./signing";
import { adminHref } from "../workspaces/url";

export interface DeliverySettings {
  allowPrivate: boolean;
  /** Cut-off of one attempt: well under the engine's and a proxy's step limits. */
  timeoutMs: number;
}

/** What an attempt's step returns: no secret, no payload, only what decides the next step. */
export type AttemptOutcome = { outcome: "delivered" | "retry" | "gone" | "skipped"; status: number | null };

/** The secrets a message is signed with now: the current one, and the previous one until it expires. */
export function signingSecrets(endpoint: Pick<WebhookEndpointRow, "secret" | "previousSecret" | "previousSecretExpiresAt">, now = new Date()): string[] {
  const previous = endpoint.previousSecret && endpoint.previousSecretExpiresAt && endpoint.previousSecretExpiresAt > now ? [endpoint.previousSecret] : [];
  return [endpoint.secret, ...previous];
}

/**
 * One attempt of a delivery: signs the stored payload with the endpoint's secrets as they are now, posts
 * it and records the attempt. A delivery whose endpoint was disabled or deleted, or that a Redeliver
 * replaced with a newer round, is skipped.
 */
export async function attemptDelivery(db: Db, deliveryId: string, round: number, settings: DeliverySettings): Promise<AttemptOutcome> {
  const delivery = await getDelivery(db, deliveryId);
  if (!delivery || delivery.round !== round || delivery.status !== "pending") return { outcome: "skipped", status: null };
  const endpoint = await getEndpointWithSecrets(db, delivery.endpointId);
  if (!endpoint || endpoint.disabledAt) return { outcome: "skipped", status: null };
  const body = JSON.stringify(delivery.payload);
  const headers = signedHeaders(signingSecrets(endpoint), delivery.webhookId, new Date(), body);
  const attempt = await postWebhook({ url: endpoint.url, body, headers, timeoutMs: settings.timeoutMs, allowPrivate: settings.allowPrivate });
  const ok = attempt.status !== null && attempt.status >= 200 && attempt.status < 300;
  const gone = attempt.status === 410;
  await appendAttempt(db, deliveryId, attempt, ok ? "delivered" : gone ? "failed" : "pending");
  return { outcome: ok ? "delivered" : gone ? "gone" : "retry", status: attempt.status };
}

/**
 * The end of a delivery that did not get through: the delivery is failed, the endpoint disabled with the
 * reason, and its owner told by email (once per disabling, however often this runs).
 */
export async function giveUpDelivery(db: Db, deliveryId: string, reason: string, appUrl: string): Promise<{ disabled: boolean; emailed: boolean }> {
  const delivery = await getDelivery(db, deliveryId);
  if (!delivery) return { disabled: false, emailed: false };
  await setDeliveryStatus(db, deliveryId, "failed");
  await disableEndpoint(db, delivery.endpointId, reason);
  const endpoint = await getEndpointWithSecrets(db, delivery.endpointId);
  if (!endpoint?.disabledAt || !endpoint.ownerId) return { disabled: Boolean(endpoint?.disabledAt), emailed: false };
  const [owner] = await db.select({ email: users.email }).from(users).where(eq(users.id, endpoint.ownerId));
  if (!owner) return { disabled: true, emailed: false };
  // Loaded only here: React and the template are a large part of a worker's memory otherwise.
  const [{ renderEmail }, { WebhookDisabledEmail }] = await Promise.all([import("../email/render"), import("../email/templates/webhook-disabled")]);
  const message = await renderEmail(
    WebhookDisabledEmail({
      url: endpoint.url,
      reason: endpoint.disabledReason ?? reason,
      adminUrl: `${appUrl}${adminHref(endpoint.organizationId, "/webhooks")}`,
    }),
  );
  const sent = await sendMail({
    to: owner.email,
    subject: "A webhook endpoint was disabled",
    ...message,
    idempotencyKey: `webhook-disabled-${endpoint.id}-${endpoint.disabledAt.getTime()}`,
  });
  return { disabled: true, emailed: !sent.duplicate };
}

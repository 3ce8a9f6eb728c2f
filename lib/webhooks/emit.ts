import { randomUUID } from "node:crypto";
import type { WebhookEventType } from "@/db/schema";
import { inngest } from "@/inngest/client";
import { webhookDeliveryRequested, webhookEventEmitted } from "@/inngest/webhook-events";

/**
 * Tells the organization's webhook endpoints subscribed to `type` about something, e.g.
 * `emitWebhookEvent(orgId, "schedule.paused", { scheduleId, name, reason, links: { schedule: url } })`.
 * The data goes out as the payload's `data`: keep it thin (ids, status, links) and never put a secret or a
 * presigned URL in it. Delivery (signing, retries, the log) happens in the background; this returns once
 * the event is queued. Pass `webhookId` to make a repeated call one message (it is the `webhook-id`).
 */
export async function emitWebhookEvent(
  organizationId: string,
  type: WebhookEventType,
  data: Record<string, unknown>,
  opts: { webhookId?: string; at?: Date } = {},
): Promise<void> {
  const webhookId = opts.webhookId ?? `msg_${randomUUID()}`;
  await inngest.send(
    webhookEventEmitted.create(
      { organizationId, type, webhookId, timestamp: (opts.at ?? new Date()).toISOString(), data },
      { id: `webhook-${organizationId}-${webhookId}` },
    ),
  );
}

/** Queues one round of attempts of a delivery (Redeliver); the event names the delivery only. */
export async function queueWebhookDelivery(deliveryId: string, round: number): Promise<void> {
  await inngest.send(webhookDeliveryRequested.create({ deliveryId, round }, { id: `webhook-delivery-${deliveryId}-${round}` }));
}

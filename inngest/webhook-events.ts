import { eventType } from "inngest";
import { z } from "zod";
import { WEBHOOK_EVENTS } from "@/db/schema/webhooks";

/** An event for the organization's webhook endpoints from other parts of the portal (schedule.paused, …). */
export const webhookEventEmitted = eventType("webhook/event.emitted", {
  schema: z.object({
    organizationId: z.uuid(),
    type: z.enum(WEBHOOK_EVENTS),
    webhookId: z.string().min(1),
    timestamp: z.string(),
    data: z.record(z.string(), z.unknown()),
  }),
});

/** One round of attempts of one delivery; the payload and secrets stay in the database. */
export const webhookDeliveryRequested = eventType("webhook/delivery.requested", {
  schema: z.object({ deliveryId: z.uuid(), round: z.number().int().min(1) }),
});

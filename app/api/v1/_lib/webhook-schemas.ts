import { z } from "zod";
import { WEBHOOK_EVENTS } from "@/db/schema/webhooks";
import { endpointInput } from "@/lib/webhooks/endpoints";

/* The webhook endpoints' wire shapes: routes answer with them and the OpenAPI document is made from them. */

const ORGANIZATION_ID = "The organization id is not valid: use the id of your organization, e.g. ?organizationId=…";

export const webhookListQuery = z.object({
  organizationId: z
    .uuid({ error: (iss) => (iss.input === undefined ? "Name the organization whose webhook endpoints to list, e.g. ?organizationId=…" : ORGANIZATION_ID) })
    .describe("The organization whose endpoints to list"),
});

export const webhookCreateBody = endpointInput.extend({
  organizationId: z
    .uuid({ error: (iss) => (iss.input === undefined ? "Name the organization the endpoint is for (organizationId)." : ORGANIZATION_ID) })
    .describe("The organization the endpoint is for"),
});

export const webhookIdParam = z.object({ id: z.uuid().describe("The endpoint's id") });
export const deliveryParams = z.object({ id: z.uuid().describe("The endpoint's id"), deliveryId: z.uuid().describe("The delivery's id") });

export const webhookEndpointSchema = z.object({
  id: z.uuid(),
  organizationId: z.uuid(),
  url: z.string(),
  events: z.array(z.enum(WEBHOOK_EVENTS)),
  state: z.enum(["enabled", "disabled"]),
  disabledAt: z.iso.datetime().nullable(),
  disabledReason: z.string().nullable().describe("Why the portal stopped sending to it (a 410, or every attempt of a delivery failed)"),
  previousSecretExpiresAt: z.iso.datetime().nullable().describe("After a rotation: until then deliveries are signed with the previous secret too"),
  createdAt: z.iso.datetime(),
});

export const webhookWithSecretSchema = webhookEndpointSchema.extend({
  secret: z.string().describe("The signing secret (whsec_…), shown in this answer only: keep it now"),
});

export const webhookListSchema = z.object({ items: z.array(webhookEndpointSchema) });

export const webhookAttemptSchema = z.object({
  at: z.iso.datetime(),
  status: z.number().int().nullable().describe("The receiver's HTTP status; null when no answer came"),
  durationMs: z.number().int(),
  error: z.string().nullable(),
});

export const webhookDeliverySchema = z.object({
  id: z.uuid(),
  endpointId: z.uuid(),
  event: z.enum(WEBHOOK_EVENTS),
  webhookId: z.string().describe("The webhook-id header: the same on every attempt and redelivery"),
  status: z.enum(["pending", "delivered", "failed"]),
  payload: z.record(z.string(), z.unknown()),
  attempts: z.array(webhookAttemptSchema),
  createdAt: z.iso.datetime(),
});

export const webhookDeliveryListSchema = z.object({ items: z.array(webhookDeliverySchema) });

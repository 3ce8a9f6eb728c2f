import type { z } from "zod";
import { PREVIOUS_SECRET_HOURS } from "@/lib/webhooks/endpoints";
import {
  deliveryParams,
  webhookCreateBody,
  webhookDeliveryListSchema,
  webhookDeliverySchema,
  webhookEndpointSchema,
  webhookIdParam,
  webhookListQuery,
  webhookListSchema,
  webhookWithSecretSchema,
} from "./webhook-schemas";

/* The webhook endpoints' part of the OpenAPI document; openapi.ts passes in its helpers. */

interface Helpers {
  jsonSchema(schema: z.ZodType, io: "input" | "output"): Record<string, unknown>;
  parameters(schema: z.ZodObject, where: "query" | "path"): unknown[];
  jsonBody(name: string, description: string): unknown;
  problem(description: string): unknown;
}

const ADMIN_ONLY =
  "Organization admins only (`members.manage` for the whole organization), signed in to the portal: API tokens cannot manage webhook endpoints.";

const SIGNING =
  "Deliveries are signed per Standard Webhooks: headers `webhook-id`, `webhook-timestamp` and `webhook-signature` (`v1,<base64 HMAC-SHA256 of id.timestamp.body>`, " +
  "keyed with the base64 part of the secret). The body is `{type, timestamp, data}` with ids, status, counts and links only. " +
  "A receiver answering 2xx has it; otherwise the portal tries again after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h, then disables the endpoint " +
  "and emails its owner; a 410 disables it at once. Redirects are not followed. URLs that resolve to loopback, private or link-local addresses are refused " +
  "unless the portal runs with WEBHOOKS_ALLOW_PRIVATE=true.";

export function webhookSchemas(h: Helpers) {
  return {
    WebhookEndpointRequest: h.jsonSchema(webhookCreateBody, "input"),
    WebhookEndpoint: h.jsonSchema(webhookEndpointSchema, "output"),
    WebhookEndpointWithSecret: h.jsonSchema(webhookWithSecretSchema, "output"),
    WebhookEndpointList: h.jsonSchema(webhookListSchema, "output"),
    WebhookDelivery: h.jsonSchema(webhookDeliverySchema, "output"),
    WebhookDeliveryList: h.jsonSchema(webhookDeliveryListSchema, "output"),
  };
}

export function webhookPaths(
  h: Helpers,
  operation: (summary: string, extra: { description?: string; responses: Record<string, unknown> } & Record<string, unknown>) => unknown,
) {
  const id = h.parameters(webhookIdParam, "path");
  return {
    "/api/v1/webhooks": {
      get: operation("The organization's webhook endpoints, without their secrets", {
        description: ADMIN_ONLY,
        parameters: h.parameters(webhookListQuery, "query"),
        responses: { "200": h.jsonBody("WebhookEndpointList", "The endpoints"), "422": h.problem("organizationId is missing or not valid") },
      }),
      post: operation("Register a webhook endpoint", {
        description: `${ADMIN_ONLY} ${SIGNING}`,
        requestBody: { required: true, content: { "application/json": { schema: { $ref: "#/components/schemas/WebhookEndpointRequest" } } } },
        responses: {
          "201": h.jsonBody("WebhookEndpointWithSecret", "Registered; the secret is in this answer only"),
          "422": h.problem("The URL or the events are not valid, or the URL resolves to a private address"),
        },
      }),
    },
    "/api/v1/webhooks/{id}": {
      delete: operation("Delete a webhook endpoint and its delivery log", {
        description: ADMIN_ONLY,
        parameters: id,
        responses: { "204": { description: "Deleted" } },
      }),
    },
    "/api/v1/webhooks/{id}/rotate": {
      post: operation("Rotate the endpoint's secret", {
        description: `${ADMIN_ONLY} For ${PREVIOUS_SECRET_HOURS} hours deliveries carry a signature with the previous secret as well, so receivers can switch without missing one.`,
        parameters: id,
        responses: { "200": h.jsonBody("WebhookEndpointWithSecret", "The new secret, in this answer only") },
      }),
    },
    "/api/v1/webhooks/{id}/enable": {
      post: operation("Take a disabled endpoint back into use", {
        description: ADMIN_ONLY,
        parameters: id,
        responses: { "200": h.jsonBody("WebhookEndpoint", "The endpoint") },
      }),
    },
    "/api/v1/webhooks/{id}/deliveries": {
      get: operation("The endpoint's latest deliveries, newest first, with the status code, time and duration of every attempt", {
        description: ADMIN_ONLY,
        parameters: id,
        responses: { "200": h.jsonBody("WebhookDeliveryList", "The deliveries") },
      }),
    },
    "/api/v1/webhooks/{id}/deliveries/{deliveryId}/redeliver": {
      post: operation("Send a delivery again, with the same webhook-id", {
        description: ADMIN_ONLY,
        parameters: h.parameters(deliveryParams, "path"),
        responses: { "202": h.jsonBody("WebhookDelivery", "Queued"), "409": h.problem("The endpoint is disabled; enable it first") },
      }),
    },
  };
}

import "server-only";
import type { z } from "zod";
import type { WebhookDeliveryRow } from "@/db/schema";
import { AppError } from "@/lib/errors/app-error";
import type { EndpointView } from "@/lib/webhooks/endpoints";
import type { webhookDeliverySchema, webhookEndpointSchema } from "./webhook-schemas";

export { webhookDeps } from "@/lib/webhooks/deps";

export function toEndpointJson(row: EndpointView): z.infer<typeof webhookEndpointSchema> {
  return {
    id: row.id,
    organizationId: row.organizationId,
    url: row.url,
    events: row.events,
    state: row.disabledAt ? "disabled" : "enabled",
    disabledAt: row.disabledAt?.toISOString() ?? null,
    disabledReason: row.disabledReason,
    previousSecretExpiresAt: row.previousSecretExpiresAt && row.previousSecretExpiresAt > new Date() ? row.previousSecretExpiresAt.toISOString() : null,
    createdAt: row.createdAt.toISOString(),
  };
}

export function toDeliveryJson(row: WebhookDeliveryRow): z.infer<typeof webhookDeliverySchema> {
  return {
    id: row.id,
    endpointId: row.endpointId,
    event: row.event,
    webhookId: row.webhookId,
    status: row.status,
    payload: row.payload,
    attempts: row.attempts,
    createdAt: row.createdAt.toISOString(),
  };
}

/** A path segment that is not an id names nothing: "not found", as an unknown id. */
export async function idOf(params: Promise<Record<string, string>>, key: string, what: string): Promise<string> {
  const value = (await params)[key];
  if (!value) throw AppError.notFound(`${what} not found`);
  return value;
}

export const NO_STORE = { "Cache-Control": "no-store" };

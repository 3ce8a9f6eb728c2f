import { getDb } from "@/db/client";
import { env } from "../config/env";
import type { WebhookDeps } from "./endpoints";
import { queueWebhookDelivery } from "./emit";

/** The webhook service wired to the database, the configuration and the engine, for routes and actions. */
export function webhookDeps(): WebhookDeps {
  return { db: getDb(), allowPrivate: env().WEBHOOKS_ALLOW_PRIVATE, deliver: queueWebhookDelivery };
}

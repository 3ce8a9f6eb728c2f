import type { Db } from "@/db/client";
import { attemptDelivery, giveUpDelivery } from "@/lib/webhooks/deliver";
import { exportMessage, recordDeliveries, type WebhookMessage } from "@/lib/webhooks/messages";
import { inngest } from "../client";
import { exportCompleted, exportFailed } from "../events";
import { webhookDeliveryRequested, webhookEventEmitted } from "../webhook-events";

export interface WebhookDeps {
  db: Db;
  appUrl: string;
  allowPrivate: boolean;
}

/**
 * Waits between attempts, after the first: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h — eight attempts over
 * about 28 hours, as the Standard Webhooks guidance suggests. Tests pass a short schedule.
 */
export const DEFAULT_BACKOFF_MS = [5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000];

export interface WebhookSettings {
  backoffMs?: number[];
  /** One attempt's cut-off (default 15 s): far below the limits of a step's call. */
  attemptTimeoutMs?: number;
}

/** webhook-fan-out: one delivery per subscribed endpoint of an export's outcome or an emitted event. */
export function createWebhookFanOut(deps: () => WebhookDeps) {
  return inngest.createFunction(
    { id: "webhook-fan-out", name: "Queue webhook deliveries", triggers: [exportCompleted, exportFailed, webhookEventEmitted], retries: 5 },
    async ({ event, step }) => {
      // Step outputs hold delivery ids only: the payload stays in the database, secrets never leave it.
      const deliveries = await step.run("record-deliveries", async () => {
        const { db, appUrl } = deps();
        let message: WebhookMessage | null;
        const data = event.data;
        if ("type" in data) {
          message = {
            organizationId: data.organizationId,
            event: data.type,
            webhookId: data.webhookId,
            payload: { type: data.type, timestamp: data.timestamp, data: data.data },
          };
        } else {
          message = await exportMessage(db, data.exportId, event.name === "export/completed" ? "export.completed" : "export.failed", appUrl);
        }
        return message ? (await recordDeliveries(db, message)).map((d) => ({ id: d.id, round: d.round })) : [];
      });
      if (deliveries.length > 0) {
        await step.sendEvent(
          "deliver",
          deliveries.map((d) => webhookDeliveryRequested.create({ deliveryId: d.id, round: d.round }, { id: `webhook-delivery-${d.id}-${d.round}` })),
        );
      }
      return { deliveries: deliveries.length };
    },
  );
}

/**
 * deliver-webhook: the attempts of one delivery, each its own step, with durable sleeps between them.
 * A 2xx ends it; a 410 (the receiver says it is gone) or the last failed attempt disables the endpoint
 * and emails its owner.
 */
export function createDeliverWebhook(deps: () => WebhookDeps, settings: WebhookSettings = {}) {
  const backoff = settings.backoffMs ?? DEFAULT_BACKOFF_MS;
  const timeoutMs = settings.attemptTimeoutMs ?? 15_000;
  return inngest.createFunction(
    { id: "deliver-webhook", name: "Deliver a webhook", triggers: [webhookDeliveryRequested], retries: 3 },
    async ({ event, step }) => {
      const { deliveryId, round } = event.data;
      let last: { outcome: string; status: number | null } = { outcome: "retry", status: null };
      for (let i = 0; i <= backoff.length; i++) {
        last = await step.run(`attempt-${i + 1}`, () => {
          const { db, allowPrivate } = deps();
          return attemptDelivery(db, deliveryId, round, { allowPrivate, timeoutMs });
        });
        if (last.outcome === "delivered" || last.outcome === "skipped") return { ...last, attempts: i + 1 };
        if (last.outcome === "gone") break;
        const wait = backoff[i];
        if (wait !== undefined) await step.sleep(`wait-${i + 1}`, wait);
      }
      const reason =
        last.outcome === "gone"
          ? "The receiver answered 410 Gone, which says it no longer takes webhooks."
          : `Every attempt of a delivery failed (${backoff.length + 1} attempts over ${hoursOf(backoff)}); the last answer was ${last.status ?? "no answer"}.`;
      return step.run("disable-endpoint", () => giveUpDelivery(deps().db, deliveryId, reason, deps().appUrl));
    },
  );
}

function hoursOf(backoff: number[]): string {
  const ms = backoff.reduce((a, b) => a + b, 0);
  return ms >= 3_600_000 ? `${Math.round(ms / 3_600_000)} hours` : `${Math.round(ms / 1000)} seconds`;
}

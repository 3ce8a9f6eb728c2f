import type { WebhookEventType } from "@/db/schema/webhooks";

/** What each event means, in the product's words. */
export const EVENT_LABELS: Record<WebhookEventType, string> = {
  "export.completed": "An export finished and its file is ready",
  "export.failed": "An export failed",
  "schedule.paused": "A schedule was paused (for example because its owner lost access)",
};

import { appUrl } from "../config/env";
import { emitWebhookEvent } from "../webhooks/emit";
import { schedulesHref } from "../workspaces/url";

/** A schedule that was paused, as the tick reports it and the webhook event carries it. */
export interface PausedSchedule {
  scheduleId: string;
  organizationId: string;
  /** The tenant whose Schedules page shows it, for the link. */
  tenantId: string;
  name: string;
  reason: string;
  pausedAt: string;
}

/**
 * Tells the organization's endpoints subscribed to `schedule.paused`: ids, the reason and links, nothing
 * more. The webhook id is fixed per schedule and pause, so a retried tick sends one message.
 */
export async function tellSchedulePaused(p: PausedSchedule): Promise<void> {
  const base = appUrl();
  await emitWebhookEvent(
    p.organizationId,
    "schedule.paused",
    {
      scheduleId: p.scheduleId,
      name: p.name,
      reason: p.reason,
      pausedAt: p.pausedAt,
      links: { schedule: `${base}${schedulesHref(p, p.scheduleId)}`, api: `${base}/api/v1/schedules/${p.scheduleId}` },
    },
    { webhookId: `msg_schedule_paused_${p.scheduleId}_${Date.parse(p.pausedAt)}`, at: new Date(p.pausedAt) },
  );
}

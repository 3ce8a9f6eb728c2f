import { cron } from "inngest";
import type { ExportDeps } from "@/lib/export-requests/service";
import { tellSchedulePaused } from "@/lib/schedules/paused";
import { tickSchedules } from "@/lib/schedules/tick";
import { inngest } from "../client";
import { scheduleTickRequested } from "../events";

/**
 * tick-schedules: every minute, queues the runs of the schedules that fell due. Neither the embedded engine
 * nor Inngest has a cron per user, so this one cron claims due schedules from the database (skip-locked, so
 * ticks that overlap never take the same one) and queues their exports with idempotent event ids. The same
 * tick can be asked for by event.
 */
export function createTickSchedules(deps: () => ExportDeps, opts: { cron: string | null } = { cron: "* * * * *" }) {
  return inngest.createFunction(
    {
      id: "tick-schedules",
      name: "Queue the runs of due schedules",
      // Tests serve it without the cron, ticking by event alone, so it never claims other tests' schedules.
      triggers: opts.cron ? [cron(opts.cron), scheduleTickRequested] : [scheduleTickRequested],
      retries: 1,
    },
    async ({ event, step }) => {
      const organizationId = event.name === scheduleTickRequested.name && "organizationId" in event.data ? event.data.organizationId : undefined;
      const report = await step.run("tick", async () => tickSchedules(deps(), new Date(), { organizationId }));
      // Webhooks hear of schedules this tick paused (their owner lost access, or the request is refused now).
      if (report.paused.length > 0) await step.run("tell-webhooks", async () => Promise.all(report.paused.map((p) => tellSchedulePaused(p))));
      return report;
    },
  );
}

import { Cron } from "croner";

export interface CronSchedule {
  next(after: Date): Date | null;
  hasSeconds: boolean;
}

/**
 * Parses an Inngest cron trigger: a 5-field unix cron, optionally prefixed with `TZ=<zone> ` (or CRON_TZ=).
 * A leading seconds field (6 fields) is accepted as an engine extension.
 */
export function parseCron(spec: string): CronSchedule {
  const match = /^(?:CRON_TZ|TZ)=(\S+)\s+(.+)$/.exec(spec.trim());
  const timezone = match?.[1];
  const pattern = (match?.[2] ?? spec).trim();
  const cron = new Cron(pattern, { paused: true, ...(timezone ? { timezone } : {}) });
  return {
    next: (after) => cron.nextRun(after),
    hasSeconds: !pattern.startsWith("@") && pattern.split(/\s+/).length >= 6,
  };
}

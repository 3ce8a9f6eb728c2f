import { Cron } from "croner";
import { WEEKDAYS, type ScheduleCadence, type Weekday } from "@/db/schema/schedules";
import { addDays, localDate, startOfLocalDate } from "./local-time";

/** One run's window, half-open [start, end), and the moment its run falls due. */
export interface Interval {
  start: Date;
  end: Date;
  /** When the run is due (the cadence's firing); the interval ended at or before it. */
  dueAt: Date;
}

const DAY_NAMES: Record<Weekday, string> = {
  monday: "Monday",
  tuesday: "Tuesday",
  wednesday: "Wednesday",
  thursday: "Thursday",
  friday: "Friday",
  saturday: "Saturday",
  sunday: "Sunday",
};

/** The cadence as people read it: "Every day at 00:30 (Europe/Amsterdam)". */
export function cadenceInWords(cadence: ScheduleCadence, timezone?: string): string {
  const zone = timezone ? ` (${timezone})` : "";
  if ("cron" in cadence) return `On the cron schedule "${cadence.cron}"${zone}`;
  if (cadence.every === "hour") return `Every hour${zone}`;
  if (cadence.every === "day") return `Every day at ${cadence.at}${zone}`;
  return `Every ${DAY_NAMES[cadence.on]} at ${cadence.at}${zone}`;
}

/** The cron pattern the cadence fires on, read in the schedule's timezone. */
function patternOf(cadence: ScheduleCadence): string {
  if ("cron" in cadence) return cadence.cron;
  if (cadence.every === "hour") return "0 * * * *";
  const [hour, minute] = cadence.at.split(":").map(Number);
  if (cadence.every === "day") return `${minute} ${hour} * * *`;
  // Cron counts weekdays from Sunday = 0.
  return `${minute} ${hour} * * ${(WEEKDAYS.indexOf(cadence.on) + 1) % 7}`;
}

function cronOf(cadence: ScheduleCadence, timezone: string): Cron {
  return new Cron(patternOf(cadence), { paused: true, timezone, mode: "5-part" });
}

/**
 * Why a cron expression is refused, in words, or null when it is usable: five fields, and at most one run
 * an hour, since every run is an export.
 */
export function cronRefusal(expression: string, timezone: string): string | null {
  let cron: Cron;
  try {
    cron = new Cron(expression, { paused: true, timezone, mode: "5-part" });
  } catch {
    return `The cron expression "${expression}" is not valid: use five fields (minute hour day-of-month month day-of-week), e.g. "0 6 * * 1" for Mondays at 06:00.`;
  }
  const runs = cron.nextRuns(48, new Date("2026-01-05T00:00:00Z"));
  if (runs.length === 0) return `The cron expression "${expression}" never runs; choose one that does, e.g. "0 6 * * 1".`;
  for (let i = 1; i < runs.length; i++) {
    const [a, b] = [runs[i - 1], runs[i]];
    if (a && b && b.getTime() - a.getTime() < 3_600_000)
      return `The cron expression "${expression}" runs more than once an hour; a schedule may run at most hourly (e.g. "0 * * * *").`;
  }
  return null;
}

/** The first moment after `after` that the cadence fires in the zone. */
export function nextDue(cadence: ScheduleCadence, timezone: string, after: Date): Date {
  const next = cronOf(cadence, timezone).nextRun(after);
  if (!next) throw new Error(`the cadence ${cadenceInWords(cadence)} has no next run`);
  return next;
}

/**
 * The fixed window a run due at `dueAt` covers, in the schedule's zone: the previous hour for hourly, the
 * previous local day for daily (23 or 25 hours across a daylight-saving change), the seven local days before
 * the run's day for weekly, and from the previous firing for a cron expression.
 */
export function intervalOf(cadence: ScheduleCadence, timezone: string, dueAt: Date): Interval {
  if ("cron" in cadence) {
    const [previous] = cronOf(cadence, timezone).previousRuns(1, dueAt);
    return { start: previous ?? new Date(dueAt.getTime() - 3_600_000), end: dueAt, dueAt };
  }
  if (cadence.every === "hour") {
    // Local hours begin on the wall clock's hour; an hour lasts 3600 seconds in every zone, across changes too.
    return { start: new Date(dueAt.getTime() - 3_600_000), end: dueAt, dueAt };
  }
  const today = localDate(dueAt, timezone);
  const days = cadence.every === "day" ? 1 : 7;
  return { start: startOfLocalDate(addDays(today, -days), timezone), end: startOfLocalDate(today, timezone), dueAt };
}

/** Every run due from `firstDue` up to and including `now`, in order. */
export function dueIntervals(cadence: ScheduleCadence, timezone: string, firstDue: Date, now: Date, max = 10_000): Interval[] {
  const out: Interval[] = [];
  for (let due = firstDue; due.getTime() <= now.getTime() && out.length < max; due = nextDue(cadence, timezone, due)) {
    out.push(intervalOf(cadence, timezone, due));
  }
  return out;
}

/** The last moment at or before `at` that the cadence fired in the zone: its interval has ended. */
export function previousDue(cadence: ScheduleCadence, timezone: string, at: Date): Date {
  const [previous] = cronOf(cadence, timezone).previousRuns(1, new Date(at.getTime() + 1));
  if (!previous) throw new Error(`the cadence ${cadenceInWords(cadence)} has no previous run`);
  return previous;
}

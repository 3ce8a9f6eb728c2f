import { z } from "zod";
import { WEEKDAYS, type ScheduleCadence } from "@/db/schema/schedules";
import { parseDestination, type DestinationInput } from "../destinations/destination";
import { AppError } from "../errors/app-error";
import { parseForPeople } from "../errors/field-errors";
import { cronRefusal } from "./cadence";

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const at = (what: string) =>
  z.string({ error: `${what} needs a time of day, HH:MM on a 24-hour clock, e.g. 00:30.` }).regex(TIME, {
    error: `${what} needs a time of day, HH:MM on a 24-hour clock, e.g. 00:30.`,
  });
const CADENCE_HELP =
  'Choose how often it runs: {"every": "hour"}, {"every": "day", "at": "00:30"}, {"every": "week", "on": "monday", "at": "08:00"} or {"cron": "0 6 * * 1"}.';

const everyCadence = z.discriminatedUnion(
  "every",
  [
    z.strictObject({ every: z.literal("hour") }, { error: 'Every hour takes nothing else: send {"every": "hour"}.' }),
    z.strictObject({ every: z.literal("day"), at: at("Every day") }, { error: 'Every day takes a time only: {"every": "day", "at": "06:00"}.' }),
    z.strictObject(
      {
        every: z.literal("week"),
        on: z.enum(WEEKDAYS, { error: "Every week needs a day: monday, tuesday, wednesday, thursday, friday, saturday or sunday." }),
        at: at("Every week"),
      },
      { error: 'Every week takes a day and a time: {"every": "week", "on": "monday", "at": "08:00"}.' },
    ),
  ],
  { error: CADENCE_HELP },
);
const cronCadence = z.strictObject(
  { cron: z.string({ error: "The cron expression must be text, e.g. 0 6 * * 1." }).trim().min(1, { error: "Write a cron expression, e.g. 0 6 * * 1." }) },
  { error: CADENCE_HELP },
);

/** The cadence on its own, so a refusal names what is wrong with it rather than every form it could take. */
function parseCadence(raw: unknown): ScheduleCadence {
  const schema = raw && typeof raw === "object" && "cron" in raw ? cronCadence : everyCadence;
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const message = parsed.error.issues[0]?.message ?? CADENCE_HELP;
  throw AppError.invalidField("cadence", message.startsWith("Invalid") ? CADENCE_HELP : message);
}

/** The schedule's own fields; the rest of the body is its export request, checked as POST /api/v1/exports checks one. */
const scheduleFields = z.looseObject(
  {
    name: z
      .string({ error: "Give the schedule a name." })
      .trim()
      .min(1, { error: "Give the schedule a name." })
      .max(80, { error: "Keep the name to 80 characters." }),
    cadence: z.unknown().refine((v) => v !== undefined, { error: CADENCE_HELP }),
    timezone: z.string({ error: "Choose a timezone, e.g. Europe/Amsterdam." }).min(1, { error: "Choose a timezone, e.g. Europe/Amsterdam." }),
    mode: z
      .enum(["incremental", "fixed_window"], {
        error: 'The mode must be "incremental" (every row once, across runs) or "fixed_window" (the previous hour, day or week).',
      })
      .default("incremental"),
  },
  {
    error:
      'Send the schedule as a JSON object, e.g. {"name": "…", "cadence": {"every": "day", "at": "06:00"}, "timezone": "Europe/Amsterdam", "tenantId": "…", …}.',
  },
);

const WORDS = { labels: { name: "Name", cadence: "Cadence", timezone: "Timezone", mode: "Mode" } };

export interface ScheduleInput {
  name: string;
  cadence: ScheduleCadence;
  timezone: string;
  mode: "incremental" | "fixed_window";
  /** The export request: everything of the body but the schedule's own fields. */
  request: Record<string, unknown>;
  /** A bucket each run is copied to; null removes it, undefined leaves it as it is. */
  destination?: DestinationInput | null;
}

/** Parses a schedule body; a refusal says what to change, the cadence in words. */
export function parseScheduleInput(raw: unknown): ScheduleInput {
  const { name, cadence: rawCadence, timezone, mode, destination: rawDestination, ...request } = parseForPeople(scheduleFields, raw, WORDS);
  const c = parseCadence(rawCadence);
  const destination = parseDestination(rawDestination);
  if ("from" in request || "to" in request) {
    throw new AppError("invalid", "A schedule takes its dates from its cadence; leave from and to out (use a backfill for past dates).", {
      from: "A schedule takes its dates from its cadence.",
    });
  }
  if ("cron" in c) {
    const refusal = cronRefusal(c.cron, timezone);
    if (refusal) throw AppError.invalidField("cadence", refusal);
  }
  return { name, cadence: c, timezone, mode, request, ...(destination === undefined ? {} : { destination }) };
}

/** A partial change: any of the schedule's fields and, when any request field is sent, the whole request. */
export function mergeScheduleInput(current: ScheduleInput, raw: unknown): ScheduleInput {
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) throw new AppError("invalid", 'Send the change as a JSON object, e.g. {"name": "…"}.');
  const body = raw as Record<string, unknown>;
  const own = ["name", "cadence", "timezone", "mode", "destination"];
  const requestChanged = Object.keys(body).some((k) => !own.includes(k));
  const merged = {
    name: current.name,
    cadence: current.cadence,
    timezone: current.timezone,
    mode: current.mode,
    ...(requestChanged ? {} : current.request),
    ...body,
  };
  return parseScheduleInput(merged);
}

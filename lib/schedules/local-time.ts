/*
 * Wall-clock arithmetic in an IANA zone with Intl alone: the local calendar date of an instant, and the
 * instant a local date begins. Schedules cut their intervals on local midnights, which last 23 or 25 hours
 * across daylight-saving changes, so days are never added as 24 hours.
 */

const dateParts = new Map<string, Intl.DateTimeFormat>();
function formatter(timezone: string): Intl.DateTimeFormat {
  let f = dateParts.get(timezone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: timezone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    dateParts.set(timezone, f);
  }
  return f;
}

/** The wall-clock reading of an instant in the zone, as if it were UTC (milliseconds). */
function wallClock(instant: Date, timezone: string): number {
  const p = Object.fromEntries(
    formatter(timezone)
      .formatToParts(instant)
      .map((x) => [x.type, x.value]),
  );
  return Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
}

/** The zone's offset from UTC at an instant, in milliseconds (positive east of Greenwich). */
function offsetAt(instant: Date, timezone: string): number {
  return wallClock(instant, timezone) - Math.floor(instant.getTime() / 1000) * 1000;
}

/** YYYY-MM-DD of the instant in the zone. */
export function localDate(instant: Date, timezone: string): string {
  return new Date(wallClock(instant, timezone)).toISOString().slice(0, 10);
}

/** "YYYY-MM-DD HH:MM" of the instant in the zone. */
export function localDateTime(instant: Date, timezone: string): string {
  return new Date(wallClock(instant, timezone)).toISOString().slice(0, 16).replace("T", " ");
}

/** The date `days` calendar days after (or before) a YYYY-MM-DD date. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * The instant the local date begins in the zone. Two passes find the offset in force at that midnight (it
 * may differ from the one a day earlier); a midnight skipped by a change begins at the first instant after.
 */
export function startOfLocalDate(date: string, timezone: string): Date {
  const wall = Date.parse(`${date}T00:00:00Z`);
  let guess = wall - offsetAt(new Date(wall), timezone);
  guess = wall - offsetAt(new Date(guess), timezone);
  return new Date(guess);
}

/** Calendar-date helpers for export date ranges (inclusive, in the request's timezone). */

export function isValidTimezone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export function isRealDate(value: string): boolean {
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/** Today's date in the timezone, as YYYY-MM-DD. */
export function todayIn(timezone: string, now = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: timezone, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}

/** Number of calendar days from `from` through `to`, both included. */
export function inclusiveDays(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}

/**
 * The order of the dates and the organization's longest range, when it sets one. An open end runs to today,
 * so it is measured from the start date; an open start has no length to measure (the first record may be
 * years back), so with a limit set it is refused with what to do rather than guessed.
 */
export function rangeRefusal(
  from: string | null,
  to: string | null,
  today: string,
  maxRangeDays: number | null,
): { field: "from" | "to"; message: string } | null {
  if (from !== null && to !== null && to < from) return { field: "to", message: "The end date must be on or after the start date." };
  if (maxRangeDays === null) return null;
  // Worded as the form labels the fields (Start date, End date); only the start is needed, an open end counts to today.
  if (from === null) return { field: "from", message: `Your organization allows at most ${maxRangeDays} days in one export; choose a start date.` };
  const days = inclusiveDays(from, to ?? today);
  if (days <= maxRangeDays) return null;
  if (to === null)
    return {
      field: "to",
      message: `Your organization allows at most ${maxRangeDays} days in one export; from ${from} to today is ${days} days. Choose an end date, or a later start date.`,
    };
  return {
    field: "to",
    message: `The date range can be at most ${maxRangeDays} days; this one is ${days}. Choose a later start date or an earlier end date.`,
  };
}

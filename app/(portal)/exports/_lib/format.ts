/** Display helpers for the status table and the estimate; all run in the browser's locale and timezone. */

export { formatBytes } from "@/lib/email/format";

const NUMBER = new Intl.NumberFormat("en");

export function formatNumber(n: number): string {
  return NUMBER.format(n);
}

/*
 * One date-and-time format everywhere, with the timezone named: "12 Mar 2026, 14:03:07 UTC". The formatters
 * are made once per timezone: making one per call (what toLocaleString with options does) cost the status
 * table about half a millisecond per row.
 */
const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

function dateTimeFormat(timeZone: string | undefined): Intl.DateTimeFormat {
  const key = timeZone ?? "";
  let f = dateTimeFormats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "long", ...(timeZone ? { timeZone } : {}) });
    dateTimeFormats.set(key, f);
  }
  return f;
}

/** In the browser's timezone unless one is given; an unknown timezone falls back to UTC. */
export function formatDateTime(iso: string, timeZone?: string): string {
  const at = new Date(iso);
  try {
    return dateTimeFormat(timeZone).format(at);
  } catch {
    return dateTimeFormat("UTC").format(at);
  }
}

const DATE = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium" });

export function formatDate(iso: string): string {
  return DATE.format(new Date(iso));
}

const relative = new Intl.RelativeTimeFormat("en", { numeric: "auto" });
const STEPS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["second", 60],
  ["minute", 60],
  ["hour", 24],
  ["day", 30],
  ["month", 12],
  ["year", Infinity],
];

/** "3 minutes ago", "in 29 days". */
export function formatRelative(iso: string, now = Date.now()): string {
  let value = (new Date(iso).getTime() - now) / 1000;
  // A clock a few seconds behind (a tick not yet come, the server's clock) does not put the past in the future.
  if (value > 0 && value < 60) value = 0;
  for (const [unit, size] of STEPS) {
    if (Math.abs(value) < size) return relative.format(Math.round(value), unit);
    value /= size;
  }
  return formatDate(iso);
}

export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${Math.max(1, Math.round(seconds))} s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  return `${Math.floor(seconds / 3600)} h ${Math.round((seconds % 3600) / 60)} min`;
}

/**
 * Seconds left for a running export, from its rate since it started; null until there is a rate to go by.
 */
export function secondsRemaining(e: {
  startedAt: string | null;
  progressAt: string | null;
  rowsProcessed: number;
  rowsEstimate: number | null;
}): number | null {
  if (!e.startedAt || !e.progressAt || !e.rowsEstimate || e.rowsProcessed <= 0) return null;
  const elapsed = (new Date(e.progressAt).getTime() - new Date(e.startedAt).getTime()) / 1000;
  if (elapsed <= 0) return null;
  const rate = e.rowsProcessed / elapsed;
  return Math.max(0, (e.rowsEstimate - e.rowsProcessed) / rate);
}

export function percentDone(e: { rowsProcessed: number; rowsEstimate: number | null }): number {
  if (!e.rowsEstimate) return 0;
  return Math.min(99, Math.floor((e.rowsProcessed / e.rowsEstimate) * 100));
}

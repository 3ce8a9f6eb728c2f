/* An export's date range in words, for the table, the emails and the archive's README. The browser uses it too. */
import { formatDateTimeIn } from "../email/format";

export interface RangeBounds {
  dateFrom?: string | null;
  dateTo?: string | null;
  /** The recorded request time an open end stands for (a Date, or ISO text as the API sends it). */
  toAsOf?: Date | string | null;
  timezone: string;
}

/** The request time as people read it, in the request's timezone: "1 December 2026, 12:00:05 UTC". */
export function requestTimeInWords(at: Date | string, timezone: string): string {
  return formatDateTimeIn(new Date(at), timezone, { seconds: true });
}

/**
 * "2025-01-01 to 2025-01-31 (both included)" for a bounded range; an open start reads "from the first
 * record", an open end "up to <request time> (when it was requested)".
 */
export function rangeInWords(r: RangeBounds): string {
  const start = r.dateFrom ? r.dateFrom : "From the first record";
  if (r.dateTo) return r.dateFrom ? `${r.dateFrom} to ${r.dateTo} (both included)` : `${start} to ${r.dateTo} (included)`;
  const end = r.toAsOf ? `up to ${requestTimeInWords(r.toAsOf, r.timezone)} (when it was requested)` : "up to when it was requested";
  return r.dateFrom ? `${start} (included) ${end}` : `${start} ${end}`;
}

/* An export's name: the requester's own words, or one made from its realm and dates so rows tell apart. The form uses it too. */

export const MAX_EXPORT_NAME = 120;

/** "Compute jobs · 2025-07-01 to 2026-06-30"; an open start reads "first record", an open end "now". */
export function defaultExportName(realmLabel: string, from: string | null | undefined, to: string | null | undefined): string {
  if (!from && !to) return `${realmLabel} · all time`;
  return `${realmLabel} · ${from || "first record"} to ${to || "now"}`;
}

/** The name to store: the one given (trimmed), else the default. */
export function exportNameOf(given: string | null | undefined, realmLabel: string, from: string | null | undefined, to: string | null | undefined): string {
  const own = given?.trim();
  return own ? own.slice(0, MAX_EXPORT_NAME) : defaultExportName(realmLabel, from, to);
}

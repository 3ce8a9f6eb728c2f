/**
 * Postgres prints timestamptz (DateStyle ISO) as "2025-03-30 01:30:00[.ffffff]+01" in the session zone;
 * ISO 8601 wants a "T" and a full "+01:00" offset. Offsets with minutes already print as "+05:30".
 */
export function isoFromPostgres(s: string): string {
  if (s.length < 22 || s[10] !== " ") return s;
  const iso = `${s.slice(0, 10)}T${s.slice(11)}`;
  return /[+-]\d\d$/.test(iso) ? `${iso}:00` : iso;
}

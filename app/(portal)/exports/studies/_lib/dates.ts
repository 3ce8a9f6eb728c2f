/** Today as YYYY-MM-DD in UTC, and a day some days from it: the study export's default range. */
export const todayUtc = (now = new Date()) => now.toISOString().slice(0, 10);

export function addDaysUtc(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

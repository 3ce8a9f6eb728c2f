import { addDays } from "./draft";

export type DatePresetId = "last7" | "last30" | "lastMonth" | "yearToDate" | "allTime";

export interface DatePreset {
  id: DatePresetId;
  label: string;
  /** YYYY-MM-DD; "" is an open bound ("All time" leaves both open, as the request allows). */
  from: string;
  to: string;
}

function lastDayOfMonthBefore(date: string): string {
  return addDays(`${date.slice(0, 7)}-01`, -1);
}

/** The form's quick ranges, both days included, counted from today in the request's timezone. */
export function datePresets(today: string): DatePreset[] {
  const lastMonthEnd = lastDayOfMonthBefore(today);
  return [
    { id: "last7", label: "Last 7 days", from: addDays(today, -6), to: today },
    { id: "last30", label: "Last 30 days", from: addDays(today, -29), to: today },
    { id: "lastMonth", label: "Last month", from: `${lastMonthEnd.slice(0, 7)}-01`, to: lastMonthEnd },
    { id: "yearToDate", label: "Year to date", from: `${today.slice(0, 4)}-01-01`, to: today },
    { id: "allTime", label: "All time", from: "", to: "" },
  ];
}

/** Days in a preset's range; null for an open one. */
export function presetDays(p: DatePreset): number | null {
  if (!p.from || !p.to) return null;
  return Math.round((Date.parse(`${p.to}T00:00:00Z`) - Date.parse(`${p.from}T00:00:00Z`)) / 86_400_000) + 1;
}

/** Why a preset cannot be used under the organization's longest range, or null when it can. */
export function presetRefusal(p: DatePreset, maxRangeDays: number | null): string | null {
  if (maxRangeDays === null) return null;
  const days = presetDays(p);
  if (days === null) return `Your organization allows at most ${maxRangeDays} days per export, so a start date is needed.`;
  return days > maxRangeDays ? `${p.label} is ${days} days; your organization allows at most ${maxRangeDays}.` : null;
}

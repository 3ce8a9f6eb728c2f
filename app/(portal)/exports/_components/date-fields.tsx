"use client";

import { useSyncExternalStore } from "react";
import { Input, NativeSelect } from "@/components/ui/input";
import { addDays, today as todayInZone, type Draft } from "../_lib/draft";
import { datePresets, presetRefusal } from "../_lib/date-presets";
import { describedBy, FormField } from "@/components/ui/form-field";

interface Props {
  draft: Draft;
  update: (patch: Partial<Draft>) => void;
  maxRangeDays: number | null;
  errors: Record<string, string>;
}

const noSubscribe = () => () => {};

/** The browser's timezones; the server render offers only the current one, so both renders agree. */
function useTimezones(current: string): string[] {
  const all = useSyncExternalStore(
    noSubscribe,
    () => timezoneList,
    () => null,
  );
  const list = all ?? [];
  return list.includes(current) ? list : [current, ...list];
}
const timezoneList: string[] =
  typeof Intl.supportedValuesOf === "function" ? ["UTC", ...Intl.supportedValuesOf("timeZone").filter((z) => z !== "UTC")] : ["UTC"];

/** Start and end date (both included) in the chosen timezone, within the organization's maximum range. */
export function DateFields({ draft, update, maxRangeDays, errors }: Props) {
  const timezones = useTimezones(draft.timezone);
  const today = todayInZone(draft.timezone);
  // The end date may not pass today nor the longest range the organization allows.
  const latestEnd = draft.from && maxRangeDays !== null ? minDate(today, addDays(draft.from, maxRangeDays - 1)) : today;
  return (
    <>
      <div role="group" aria-labelledby="export-presets-label" className="flex flex-col gap-1.5">
        <span id="export-presets-label" className="text-sm font-medium text-slate-800">
          Dates
        </span>
        <div className="flex flex-wrap gap-1.5">
          {datePresets(today).map((p) => {
            const refusal = presetRefusal(p, maxRangeDays);
            const chosen = draft.from === p.from && draft.to === p.to;
            return (
              <button
                key={p.id}
                type="button"
                aria-pressed={chosen}
                // Disabled buttons cannot be focused, so the reason also goes in the hint below.
                disabled={refusal !== null}
                title={refusal ?? undefined}
                onClick={() => update({ from: p.from, to: p.to })}
                className="rounded-full border border-slate-300 px-2.5 py-1 text-xs font-medium text-slate-800 hover:bg-slate-100 disabled:cursor-not-allowed disabled:text-slate-500 aria-pressed:border-indigo-700 aria-pressed:bg-indigo-50 aria-pressed:text-indigo-900"
              >
                {p.label}
              </button>
            );
          })}
        </div>
      </div>
      <div className="grid grid-cols-2 gap-3">
        <FormField id="export-from" label="Start date" error={errors.from}>
          <Input
            id="export-from"
            type="date"
            // Empty means from the first record; only a longest-range limit makes a start date necessary.
            required={maxRangeDays !== null}
            max={today}
            value={draft.from}
            onChange={(e) => update({ from: e.target.value })}
            {...describedBy("export-from", errors.from)}
          />
        </FormField>
        <FormField id="export-to" label="End date" error={errors.to}>
          <Input
            id="export-to"
            type="date"
            min={draft.from || undefined}
            max={latestEnd}
            value={draft.to}
            onChange={(e) => update({ to: e.target.value })}
            {...describedBy("export-to", errors.to)}
          />
        </FormField>
      </div>
      <p id="export-dates-hint" className="-mt-2 text-xs text-slate-500">
        Both days included, none in the future. Leave End empty for everything up to the moment you submit
        {maxRangeDays === null ? ", and Start empty to begin at the first record." : `; at most ${maxRangeDays} days, so Start is needed.`}
      </p>
      <FormField id="export-timezone" label="Timezone" hint="Days start and end at midnight in this timezone." error={errors.timezone}>
        <NativeSelect
          id="export-timezone"
          value={draft.timezone}
          onChange={(e) => update({ timezone: e.target.value })}
          {...describedBy("export-timezone", errors.timezone, true)}
        >
          {timezones.map((z) => (
            <option key={z} value={z}>
              {z.replaceAll("_", " ")}
            </option>
          ))}
        </NativeSelect>
      </FormField>
    </>
  );
}

function minDate(a: string, b: string): string {
  return a < b ? a : b;
}

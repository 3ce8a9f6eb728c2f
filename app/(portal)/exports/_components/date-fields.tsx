"use client";

import { useSyncExternalStore } from "react";
import { Input, NativeSelect } from "@/components/ui/input";
import { addDays, today as todayInZone, type Draft } from "../_lib/draft";
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

import type { DeidentifyChoice, LockedScope } from "../_lib/types";

interface Props {
  choice: DeidentifyChoice;
  scope: LockedScope["scope"];
  onChange: (scope: LockedScope["scope"]) => void;
}

/**
 * The study Export dialog's De-identify switch: sent as the scope's `deidentified`. Locked on when the
 * study's profile or the person's role requires de-identified data, with the reason under it.
 */
export function DeidentifySwitch({ choice, scope, onChange }: Props) {
  const on = choice.locked || scope.deidentified === true;
  return (
    <div className="flex flex-col gap-1">
      <label className="flex w-fit items-center gap-2 text-sm font-medium text-slate-800">
        <input
          id="export-deidentify"
          type="checkbox"
          role="switch"
          className="size-4 accent-indigo-600"
          checked={on}
          disabled={choice.locked}
          aria-describedby="export-deidentify-hint"
          onChange={(e) => onChange({ ...scope, deidentified: e.target.checked })}
        />
        De-identify
      </label>
      <p id="export-deidentify-hint" className="text-xs text-slate-600">
        {choice.locked
          ? choice.reason
          : on
            ? "Pseudonymous ids, each participant's dates shifted, no free text. The archive's README says exactly what was done."
            : "Off: participant ids, dates and free text as stored."}
      </p>
    </div>
  );
}

import { Lock } from "lucide-react";

/** The scope of a study's Export action: shown, not chosen, so the export reads exactly that cohort or participant. */
export function LockedScopeChip({ label, error }: { label: string; error?: string }) {
  return (
    <div className="flex flex-col gap-1" role="group" aria-labelledby="export-scope-label">
      <span id="export-scope-label" className="text-sm font-medium text-slate-800">
        Scope
      </span>
      <span
        id="export-scope"
        tabIndex={-1}
        data-testid="locked-scope"
        className="inline-flex w-fit items-center gap-1.5 rounded-full border border-indigo-200 bg-indigo-50 px-3 py-1 text-sm text-indigo-900"
      >
        <Lock aria-hidden className="size-3.5" />
        {label}
        <span className="sr-only">(locked)</span>
      </span>
      {error ? (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}

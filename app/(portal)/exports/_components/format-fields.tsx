"use client";

import { NativeSelect } from "@/components/ui/input";
import type { Draft } from "../_lib/draft";
import type { ExportFormat, FormatOption } from "../_lib/types";
import { describedBy, FormField } from "@/components/ui/form-field";

interface Props {
  draft: Draft;
  update: (patch: Partial<Draft>) => void;
  formats: FormatOption[];
  errors: Record<string, string>;
}

export function FormatFields({ draft, update, formats, errors }: Props) {
  const hasCsv = draft.format === "csv" || draft.format === "csv+ndjson";
  return (
    <>
      <FormField id="export-format" label="Format" error={errors.format}>
        <NativeSelect
          id="export-format"
          value={draft.format}
          onChange={(e) => update({ format: e.target.value as ExportFormat })}
          {...describedBy("export-format", errors.format)}
        >
          {formats.map((f) => (
            <option key={f.id} value={f.id}>
              {f.label}
            </option>
          ))}
        </NativeSelect>
      </FormField>
      {hasCsv ? (
        <fieldset className="flex flex-col gap-1.5">
          <legend className="text-sm font-medium text-slate-800">CSV options</legend>
          <label className="flex items-start gap-2 text-sm">
            <input type="checkbox" className="mt-0.5 size-4 accent-indigo-700" checked={draft.csvBom} onChange={(e) => update({ csvBom: e.target.checked })} />
            <span>
              Add a byte order mark for Excel
              <span className="block text-xs text-slate-500">So Excel reads accented characters correctly.</span>
            </span>
          </label>
          <label className="flex items-start gap-2 text-sm">
            <input
              type="checkbox"
              className="mt-0.5 size-4 accent-indigo-700"
              checked={draft.formulaGuard}
              onChange={(e) => update({ formulaGuard: e.target.checked })}
            />
            <span>
              Guard against spreadsheet formulas
              <span className="block text-xs text-slate-500">Prefixes values starting with =, +, - or @ so spreadsheets do not run them.</span>
            </span>
          </label>
        </fieldset>
      ) : null}
    </>
  );
}

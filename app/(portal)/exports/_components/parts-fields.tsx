"use client";

import { Input, NativeSelect } from "@/components/ui/input";
import { describedBy, FormField } from "@/components/ui/form-field";
import { PART_BOUNDS } from "@/lib/export-requests/part-bounds";
import type { Draft } from "../_lib/draft";

interface Props {
  draft: Draft;
  update: (patch: Partial<Draft>) => void;
  errors: Record<string, string>;
}

const UNIT = { maxRows: "rows", maxMegabytes: "MB" } as const;
const en = (n: number) => n.toLocaleString("en-US");

/**
 * "Split into parts": one file per format, or numbered parts of at most N rows or N MB. Not offered for
 * XLSX, which is split into worksheets; the server refuses parts for it as well.
 */
export function PartsFields({ draft, update, errors }: Props) {
  if (draft.format === "xlsx") {
    return <p className="text-xs text-slate-500">Excel files are split into worksheets of at most 1,048,576 rows, so they are not split into parts.</p>;
  }
  const by = draft.partsBy;
  const sizeError = by ? errors[`parts.${by}`] : undefined;
  return (
    // Stacked: side by side in the form's narrow column, the select was cut to "By".
    <div className="flex flex-col gap-3">
      <FormField id="export-parts" label="Split into parts" error={errors.parts}>
        <NativeSelect
          id="export-parts"
          value={by}
          onChange={(e) => update({ partsBy: e.target.value as Draft["partsBy"] })}
          {...describedBy("export-parts", errors.parts)}
        >
          <option value="">No, one file</option>
          <option value="maxRows">By rows</option>
          <option value="maxMegabytes">By size (MB)</option>
        </NativeSelect>
      </FormField>
      {by ? (
        <FormField
          id="export-parts-size"
          label={by === "maxRows" ? "Rows per part (at most)" : "Megabytes per part (at most)"}
          hint={`A whole number from ${en(PART_BOUNDS[by].min)} to ${en(PART_BOUNDS[by].max)} ${UNIT[by]}${by === "maxMegabytes" ? " (1 MB = 1,000,000 bytes)" : ""}.`}
          error={sizeError}
        >
          <Input
            id="export-parts-size"
            type="number"
            inputMode="numeric"
            min={PART_BOUNDS[by].min}
            max={PART_BOUNDS[by].max}
            step={1}
            value={draft.partsSize}
            onChange={(e) => update({ partsSize: e.target.value })}
            {...describedBy("export-parts-size", sizeError, true)}
          />
        </FormField>
      ) : null}
    </div>
  );
}

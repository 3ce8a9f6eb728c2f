"use client";

import { describedBy, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { defaultExportName, MAX_EXPORT_NAME } from "@/lib/export-requests/name";
import type { Draft } from "../_lib/draft";

interface Props {
  draft: Draft;
  update: (patch: Partial<Draft>) => void;
  realmLabel: string | undefined;
  error?: string;
}

/** An optional name, so exports tell apart in the list; the placeholder is the name made when it is left empty. */
export function NameField({ draft, update, realmLabel, error }: Props) {
  const fallback = realmLabel ? defaultExportName(realmLabel, draft.from, draft.to) : "Made from the realm and dates";
  return (
    <FormField id="export-name" label="Name (optional)" hint={`Left empty: “${fallback}”.`} error={error}>
      <Input
        id="export-name"
        value={draft.name}
        maxLength={MAX_EXPORT_NAME}
        placeholder={fallback}
        onChange={(e) => update({ name: e.target.value })}
        {...describedBy("export-name", error, true)}
      />
    </FormField>
  );
}

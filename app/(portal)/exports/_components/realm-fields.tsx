"use client";

import { Button } from "@/components/ui/button";
import { FieldError, NativeSelect } from "@/components/ui/input";
import type { Draft } from "../_lib/draft";
import type { RealmOption } from "../_lib/types";
import { describedBy, FormField } from "@/components/ui/form-field";

interface Props {
  draft: Draft;
  update: (patch: Partial<Draft>) => void;
  realms: RealmOption[];
  errors: Record<string, string>;
}

/** The realm select and, once a realm is chosen, its fields with a checkbox each (all exported by default). */
export function RealmFields({ draft, update, realms, errors }: Props) {
  const realm = realms.find((r) => r.id === draft.realm);
  const allChosen = realm ? realm.fields.every((f) => draft.fields.includes(f.name)) : false;
  const toggle = (name: string, on: boolean) => {
    // Keep the catalog's column order whatever order the boxes are ticked in.
    const chosen = new Set(on ? [...draft.fields, name] : draft.fields.filter((f) => f !== name));
    update({ fields: realm ? realm.fields.map((f) => f.name).filter((f) => chosen.has(f)) : [] });
  };
  return (
    <>
      <FormField id="export-realm" label="Realm" hint={realm?.description} error={errors.realm}>
        <NativeSelect
          id="export-realm"
          value={draft.realm}
          onChange={(e) => update({ realm: e.target.value, fields: realms.find((r) => r.id === e.target.value)?.fields.map((f) => f.name) ?? [] })}
          {...describedBy("export-realm", errors.realm, Boolean(realm))}
        >
          <option value="">Choose a realm…</option>
          {realms.map((r) => (
            <option key={r.id} value={r.id}>
              {r.label}
            </option>
          ))}
        </NativeSelect>
      </FormField>

      {realm ? (
        <fieldset className="flex flex-col gap-1.5" aria-describedby={errors.fields ? "export-fields-error" : undefined}>
          <div className="flex items-center justify-between gap-2">
            <legend className="text-sm font-medium text-slate-800">
              Fields{" "}
              <span className="font-normal text-slate-500">
                ({draft.fields.length} of {realm.fields.length})
              </span>
            </legend>
            <Button
              type="button"
              variant="link"
              size="sm"
              className="h-auto px-0"
              onClick={() => update({ fields: allChosen ? [] : realm.fields.map((f) => f.name) })}
            >
              {allChosen ? "Clear all" : "Select all"}
            </Button>
          </div>
          <ul className="max-h-64 divide-y divide-slate-100 overflow-y-auto rounded-md border border-slate-200" aria-label={`Fields of ${realm.label}`}>
            {realm.fields.map((f) => (
              <li key={f.name} className="px-2 py-1.5">
                <label className="flex items-start gap-2 text-sm">
                  <input
                    type="checkbox"
                    className="mt-0.5 size-4 accent-indigo-700"
                    checked={draft.fields.includes(f.name)}
                    onChange={(e) => toggle(f.name, e.target.checked)}
                  />
                  <span className="min-w-0">
                    <span className="font-mono text-xs font-medium text-slate-900">{f.name}</span>{" "}
                    <span className="rounded bg-slate-100 px-1 font-mono text-[0.7rem] text-slate-600">{f.type}</span>
                    <span className="block text-xs text-slate-500">{f.description}</span>
                  </span>
                </label>
              </li>
            ))}
          </ul>
          <FieldError id="export-fields-error" message={errors.fields} />
        </fieldset>
      ) : null}
    </>
  );
}

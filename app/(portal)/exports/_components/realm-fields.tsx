"use client";

import { Button } from "@/components/ui/button";
import { FieldError, NativeSelect } from "@/components/ui/input";
import type { Draft, RealmChoice } from "../_lib/draft";
import type { RealmOption } from "../_lib/types";
import { FilterFields } from "./filter-fields";
import { describedBy, FormField } from "@/components/ui/form-field";

interface Props {
  draft: Draft;
  update: (patch: Partial<Draft>) => void;
  realms: RealmOption[];
  errors: Record<string, string>;
}

/** The server's limit on realms in one export (MAX_REALMS). */
const MAX_REALMS = 10;

const allFields = (realms: RealmOption[], id: string) => realms.find((r) => r.id === id)?.fields.map((f) => f.name) ?? [];

/**
 * The realm select and, once a realm is chosen, its fields with a checkbox each (all exported by default).
 * "Add another realm" puts more realms in the same archive, each with its own select and fields.
 */
export function RealmFields({ draft, update, realms, errors }: Props) {
  const realm = realms.find((r) => r.id === draft.realm);
  const chosen = [draft.realm, ...draft.moreRealms.map((r) => r.realm)];
  const left = realms.filter((r) => !chosen.includes(r.id));
  const setMore = (moreRealms: RealmChoice[]) => update({ moreRealms });
  const changeMore = (i: number, choice: RealmChoice) => setMore(draft.moreRealms.map((r, j) => (j === i ? choice : r)));
  return (
    <>
      <FormField id="export-realm" label="Realm" hint={realm?.description} error={errors.realm}>
        <NativeSelect
          id="export-realm"
          value={draft.realm}
          onChange={(e) =>
            update({
              realm: e.target.value,
              fields: allFields(realms, e.target.value),
              // Filters name the old realm's fields.
              filters: [],
              // A realm cannot be in the archive twice.
              moreRealms: draft.moreRealms.filter((r) => r.realm !== e.target.value),
            })
          }
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
        <FieldList realm={realm} fields={draft.fields} onChange={(fields) => update({ fields })} error={errors.fields} errorId="export-fields-error" />
      ) : null}

      {draft.moreRealms.map((more, i) => {
        const option = realms.find((r) => r.id === more.realm);
        const id = `export-realm-${i + 2}`;
        return (
          <div key={i} className="flex flex-col gap-1.5 border-t border-slate-100 pt-2">
            <FormField id={id} label={`Realm ${i + 2}`} hint={option?.description}>
              <div className="flex gap-2">
                <NativeSelect id={id} value={more.realm} onChange={(e) => changeMore(i, { realm: e.target.value, fields: allFields(realms, e.target.value) })}>
                  <option value="">Choose a realm…</option>
                  {realms
                    .filter((r) => r.id === more.realm || !chosen.includes(r.id))
                    .map((r) => (
                      <option key={r.id} value={r.id}>
                        {r.label}
                      </option>
                    ))}
                </NativeSelect>
                <Button type="button" variant="outline" size="sm" onClick={() => setMore(draft.moreRealms.filter((_, j) => j !== i))}>
                  Remove<span className="sr-only"> realm {i + 2}</span>
                </Button>
              </div>
            </FormField>
            {option ? <FieldList realm={option} fields={more.fields} onChange={(fields) => changeMore(i, { ...more, fields })} /> : null}
            <FilterFields
              realm={option}
              filters={more.filters ?? []}
              onChange={(filters) => changeMore(i, { ...more, filters })}
              idPrefix={`export-filter-r${i + 2}`}
              named
            />
          </div>
        );
      })}

      {realm && left.length > 0 && chosen.length < MAX_REALMS ? (
        <div>
          <Button
            id="export-realms-add"
            type="button"
            variant="link"
            size="sm"
            className="h-auto px-0"
            onClick={() => setMore([...draft.moreRealms, { realm: "", fields: [] }])}
          >
            Add another realm
          </Button>
          <p className="text-xs text-slate-500">Each realm becomes its own file in the one archive.</p>
        </div>
      ) : null}
      <FieldError id="export-realms-error" message={errors.realms} />
    </>
  );
}

interface FieldListProps {
  realm: RealmOption;
  fields: string[];
  onChange: (fields: string[]) => void;
  error?: string;
  errorId?: string;
}

/** One realm's fields with a checkbox each, kept in the catalog's column order whatever order they are ticked in. */
function FieldList({ realm, fields, onChange, error, errorId }: FieldListProps) {
  const allChosen = realm.fields.every((f) => fields.includes(f.name));
  const toggle = (name: string, on: boolean) => {
    const chosen = new Set(on ? [...fields, name] : fields.filter((f) => f !== name));
    onChange(realm.fields.map((f) => f.name).filter((f) => chosen.has(f)));
  };
  return (
    <fieldset className="flex flex-col gap-1.5" aria-describedby={error ? errorId : undefined}>
      <div className="flex items-center justify-between gap-2">
        <legend className="text-sm font-medium text-slate-800">
          Fields{" "}
          <span className="font-normal text-slate-500">
            ({fields.length} of {realm.fields.length})
          </span>
        </legend>
        <Button type="button" variant="link" size="sm" className="h-auto px-0" onClick={() => onChange(allChosen ? [] : realm.fields.map((f) => f.name))}>
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
                checked={fields.includes(f.name)}
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
      {errorId ? <FieldError id={errorId} message={error} /> : null}
    </fieldset>
  );
}

"use client";

import { useState, type ChangeEvent } from "react";
import { Button } from "@/components/ui/button";
import { FieldError, Input, Label, NativeSelect } from "@/components/ui/input";
import { cn } from "@/lib/utils";
import { filterableFields, MAX_FILTER_VALUES, newFilter, OP_LABELS, opsFor, parseValues, tooMany, type FilterDraft } from "../_lib/filters";
import type { RealmOption } from "../_lib/types";

interface Props {
  realm: RealmOption | undefined;
  filters: FilterDraft[];
  onChange: (filters: FilterDraft[]) => void;
  error?: string;
  /** Ids of this realm's controls: "export-filter" for the first realm, "export-filter-r2" for the second. */
  idPrefix?: string;
  /** With several realms, the legend names the realm the filters are on. */
  named?: boolean;
}

/** The most filters the server takes on one realm. */
const MAX_FILTERS = 20;

/**
 * Filters on one realm's fields: text and ids equal a value or one of a list (pasted, or read from a CSV
 * or text file), numbers and times fall in a range. JSON fields cannot be filtered and are not offered.
 */
export function FilterFields({ realm, filters, onChange, error, idPrefix = "export-filter", named = false }: Props) {
  if (!realm) return null;
  const fields = filterableFields(realm);
  const unfilterable = realm.fields.filter((f) => opsFor(f.type).length === 0).map((f) => f.name);
  const change = (i: number, patch: Partial<FilterDraft>) => onChange(filters.map((f, j) => (j === i ? { ...f, ...patch } : f)));
  const errorId = `${idPrefix}s-error`;
  return (
    <fieldset className="flex min-w-0 flex-col gap-2" aria-describedby={error ? errorId : undefined} data-testid={`${idPrefix}s`}>
      <legend className="text-sm font-medium text-slate-800">Filters{named ? ` on ${realm.label}` : ""}</legend>
      {filters.length === 0 ? <p className="text-xs text-slate-500">No filters: every record in the scope and dates is exported.</p> : null}
      {filters.map((f, i) => (
        <FilterRow
          key={i}
          id={`${idPrefix}-${i + 1}`}
          n={i + 1}
          filter={f}
          fields={fields}
          onChange={(patch) => change(i, patch)}
          onRemove={() => onChange(filters.filter((_, j) => j !== i))}
        />
      ))}
      {fields.length > 0 && filters.length < MAX_FILTERS ? (
        <div>
          <Button id={`${idPrefix}s`} type="button" variant="outline" size="sm" onClick={() => onChange([...filters, newFilter(realm)])}>
            Add filter<span className="sr-only"> on {realm.label}</span>
          </Button>
        </div>
      ) : null}
      {unfilterable.length ? <p className="text-xs text-slate-500">JSON fields cannot be filtered: {unfilterable.join(", ")}.</p> : null}
      <FieldError id={errorId} message={error} />
    </fieldset>
  );
}

interface RowProps {
  id: string;
  n: number;
  filter: FilterDraft;
  fields: RealmOption["fields"];
  onChange: (patch: Partial<FilterDraft>) => void;
  onRemove: () => void;
}

function FilterRow({ id, n, filter, fields, onChange, onRemove }: RowProps) {
  const field = fields.find((f) => f.name === filter.field);
  const ops = opsFor(field?.type);
  const hint = field?.type === "timestamp" ? "e.g. 2025-01-31 or 2025-01-31T14:30" : field?.type === "uuid" ? "an id" : undefined;
  return (
    <div className="flex min-w-0 flex-col gap-2 rounded-md border border-slate-200 p-2" data-testid={id}>
      {/* On a phone the field takes its own line, so its name is not cut short by the operator and Remove. */}
      <div className="flex min-w-0 flex-wrap gap-2">
        <div className="min-w-0 basis-full sm:basis-0 sm:flex-1">
          <Label htmlFor={`${id}-field`} className="sr-only">
            Filter {n} field
          </Label>
          <NativeSelect
            id={`${id}-field`}
            value={filter.field}
            onChange={(e) => {
              const next = fields.find((f) => f.name === e.target.value);
              const nextOps = opsFor(next?.type);
              onChange({ field: e.target.value, op: nextOps.includes(filter.op) ? filter.op : (nextOps[0] ?? "eq") });
            }}
          >
            {fields.map((f) => (
              <option key={f.name} value={f.name}>
                {f.name}
              </option>
            ))}
          </NativeSelect>
        </div>
        {ops.length > 1 ? (
          <div className="w-32">
            <Label htmlFor={`${id}-op`} className="sr-only">
              Filter {n} operator
            </Label>
            <NativeSelect id={`${id}-op`} value={filter.op} onChange={(e) => onChange({ op: e.target.value as FilterDraft["op"] })}>
              {ops.map((op) => (
                <option key={op} value={op}>
                  {OP_LABELS[op]}
                </option>
              ))}
            </NativeSelect>
          </div>
        ) : (
          <span className="self-center text-sm text-slate-600">{OP_LABELS[filter.op]}</span>
        )}
        <Button type="button" variant="outline" size="sm" className="self-center" onClick={onRemove}>
          Remove<span className="sr-only"> filter {n}</span>
        </Button>
      </div>
      {filter.op === "eq" ? (
        <div className="flex flex-col gap-1">
          <Label htmlFor={`${id}-value`} className="sr-only">
            Filter {n} value
          </Label>
          <Input id={`${id}-value`} value={filter.value} placeholder={hint ?? "value"} onChange={(e) => onChange({ value: e.target.value })} />
        </div>
      ) : filter.op === "range" ? (
        <div className="grid grid-cols-2 gap-2">
          <div className="flex min-w-0 flex-col gap-1">
            <Label htmlFor={`${id}-min`}>From (minimum)</Label>
            <Input id={`${id}-min`} value={filter.min} placeholder={hint ?? "any"} onChange={(e) => onChange({ min: e.target.value })} />
          </div>
          <div className="flex min-w-0 flex-col gap-1">
            <Label htmlFor={`${id}-max`}>To (maximum)</Label>
            <Input id={`${id}-max`} value={filter.max} placeholder={hint ?? "any"} onChange={(e) => onChange({ max: e.target.value })} />
          </div>
        </div>
      ) : (
        <ValueList id={id} n={n} field={filter.field} list={filter.list} onChange={(list) => onChange({ list })} />
      )}
    </div>
  );
}

/** The "is one of" list: pasted (one per line or comma separated) or read from a CSV or text file, in the browser. */
function ValueList({ id, n, field, list, onChange }: { id: string; n: number; field: string; list: string; onChange: (list: string) => void }) {
  const [file, setFile] = useState<string | null>(null);
  const count = parseValues(list, field).length;
  const over = count > MAX_FILTER_VALUES;
  const onFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const chosen = e.target.files?.[0];
    if (!chosen) return;
    setFile(chosen.name);
    onChange(await chosen.text());
  };
  return (
    <div className="flex min-w-0 flex-col gap-1">
      <Label htmlFor={`${id}-values`}>Values, one per line or comma separated</Label>
      <textarea
        id={`${id}-values`}
        value={list}
        rows={3}
        onChange={(e) => {
          setFile(null);
          onChange(e.target.value);
        }}
        aria-invalid={over || undefined}
        aria-describedby={`${id}-count`}
        className={cn(
          "w-full rounded-md border border-slate-300 bg-white px-3 py-2 font-mono text-xs shadow-sm focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:outline-none",
          over && "border-red-500",
        )}
      />
      <div className="flex min-w-0 flex-wrap items-center gap-2 text-xs">
        <Label htmlFor={`${id}-file`} className="text-xs text-slate-600">
          Or upload a CSV or text file of values:
        </Label>
        <input
          id={`${id}-file`}
          type="file"
          accept=".csv,.txt,.tsv,text/csv,text/plain"
          className="max-w-full min-w-0 text-xs"
          onChange={(e) => void onFile(e)}
        />
      </div>
      <p id={`${id}-count`} className={cn("text-xs", over ? "text-red-700" : "text-slate-600")} aria-live="polite" data-testid={`${id}-count`}>
        {over ? `Filter ${n}: ${tooMany(count)}` : `${count.toLocaleString("en-US")} value${count === 1 ? "" : "s"} read${file ? ` from ${file}` : ""}.`}
      </p>
    </div>
  );
}

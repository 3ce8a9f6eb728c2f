"use client";

import { useQuery } from "@tanstack/react-query";
import { Skeleton } from "@/components/ui/misc";
import { previewOptions } from "../_lib/queries";
import type { Workspace } from "../_lib/types";

function cell(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
  return JSON.stringify(value) ?? "";
}

/** A few real rows from the chosen scope and dates, so people see what the export will contain; one table per realm. */
export function SampleRows({ workspace, requestJson }: { workspace: Workspace; requestJson: string | null }) {
  const preview = useQuery(previewOptions(workspace, requestJson));
  if (requestJson === null) return null;
  const samples = preview.data ? (preview.data.realms ?? [{ realm: "", fields: preview.data.fields, rows: preview.data.rows }]) : [];
  return (
    <section aria-labelledby="sample-rows-heading" className="flex flex-col gap-1.5" aria-busy={preview.isFetching}>
      <h3 id="sample-rows-heading" className="text-sm font-medium text-slate-800">
        Sample rows
      </h3>
      {preview.isPending ? (
        <Skeleton className="h-20 w-full" />
      ) : preview.isError ? (
        <p className="text-xs text-slate-500">No sample rows: {preview.error.message}</p>
      ) : (
        samples.map((sample) => <SampleTable key={sample.realm} sample={sample} named={samples.length > 1} />)
      )}
    </section>
  );
}

/** One realm's sample; named by its realm when the export has several. */
function SampleTable({ sample, named }: { sample: { realm: string; fields: string[]; rows: unknown[][] }; named: boolean }) {
  const label = named ? `Sample rows of ${sample.realm}` : "Sample rows";
  return (
    <>
      {named ? <h4 className="font-mono text-xs text-slate-600">{sample.realm}</h4> : null}
      {sample.rows.length === 0 ? (
        <p className="text-xs text-slate-500">No records in this scope and date range.</p>
      ) : (
        <div className="max-h-56 overflow-auto rounded-md border border-slate-200" tabIndex={0} role="region" aria-label={`${label}, scrollable`}>
          <table className="min-w-full text-left font-mono text-[0.7rem]">
            <thead className="sticky top-0 bg-slate-50">
              <tr>
                {sample.fields.map((f) => (
                  <th key={f} scope="col" className="px-2 py-1 font-semibold whitespace-nowrap text-slate-700">
                    {f}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {sample.rows.map((row, i) => (
                <tr key={i}>
                  {row.map((v, j) => (
                    <td key={j} className="max-w-48 truncate px-2 py-1 whitespace-nowrap text-slate-700" title={cell(v)}>
                      {cell(v)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

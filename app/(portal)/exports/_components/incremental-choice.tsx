"use client";

import { useEffect } from "react";
import type { Draft } from "../_lib/draft";
import type { Estimate } from "../_lib/types";

interface Props {
  checkpoint: Estimate["checkpoint"] | null;
  draft: Draft;
  update: (change: Partial<Draft>) => void;
}

const day = (iso: string | null) => (iso ? new Date(iso).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short" }) : "the last export");

/**
 * When the chosen stream (realms, scope, filters, fields) has a done export, the request may take only the rows
 * that arrived since it. The estimate then counts those alone.
 */
export function IncrementalChoice({ checkpoint, draft, update }: Props) {
  const stale = !checkpoint && draft.incremental;
  // Another stream without a done export: the choice no longer applies, so it is not sent unseen.
  useEffect(() => {
    if (stale) update({ incremental: false });
  }, [stale, update]);
  if (!checkpoint) return null;
  return (
    <label className="flex items-start gap-2 text-sm" data-testid="export-incremental">
      <input
        type="checkbox"
        className="mt-0.5 size-4 accent-indigo-700"
        checked={draft.incremental}
        onChange={(e) => update({ incremental: e.target.checked })}
      />
      <span>
        Only rows new since {day(checkpoint.completedAt)} (export {checkpoint.name ?? checkpoint.exportId})
        <span className="block text-xs text-slate-500">Rows that arrived after that export; none are repeated and none are missed.</span>
      </span>
    </label>
  );
}

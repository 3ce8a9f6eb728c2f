"use client";

import { useQuery } from "@tanstack/react-query";
import { Alert } from "@/components/ui/misc";
import { roughSize, type Draft } from "../_lib/draft";
import { formatBytes, formatNumber } from "../_lib/format";
import { estimateOptions } from "../_lib/queries";
import type { RealmOption, Workspace } from "../_lib/types";
import { IncrementalChoice } from "./incremental-choice";

interface Props {
  workspace: Workspace;
  requestJson: string | null;
  draft: Draft;
  realm: RealmOption | undefined;
  rowsError?: string;
  update: (change: Partial<Draft>) => void;
}

/** How much the request would export, updated (debounced) as the form changes; warns above the organization's limit. */
export function EstimateLine({ workspace, requestJson, draft, realm, rowsError, update }: Props) {
  const estimate = useQuery(estimateOptions(workspace, requestJson));
  let text: string;
  if (requestJson === null) text = "Choose a realm, scope and dates to see how many rows this exports.";
  else if (estimate.isPending) text = "Estimating…";
  else if (estimate.isError) text = `No estimate: ${estimate.error.message}`;
  else {
    const { rows, exact } = estimate.data;
    const size = roughSize(rows, realm, draft.fields, draft.format);
    text = `${exact ? "" : "About "}${formatNumber(rows)} row${rows === 1 ? "" : "s"}${rows > 0 ? ` · roughly ${formatBytes(size)} before compression` : ""}`;
  }
  const over = estimate.data?.overLimit && requestJson !== null;
  return (
    <div className="flex flex-col gap-2">
      <div className="rounded-md bg-slate-50 px-3 py-2 text-sm" aria-busy={estimate.isFetching}>
        <span className="font-medium text-slate-800">Estimate: </span>
        <output aria-live="polite" data-testid="export-estimate" className="text-slate-700">
          {text}
        </output>
      </div>
      <IncrementalChoice checkpoint={requestJson === null ? null : (estimate.data?.checkpoint ?? null)} draft={draft} update={update} />
      {over && estimate.data ? (
        <Alert tone="warning">
          This is more than the {formatNumber(estimate.data.maxRowsPerExport)} rows your organization allows in one export, so it would be refused. Narrow the
          date range or the scope.
        </Alert>
      ) : null}
      {rowsError && !over ? <Alert tone="error">{rowsError}</Alert> : null}
    </div>
  );
}

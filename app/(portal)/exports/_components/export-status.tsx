import { ProgressBar } from "@/components/ui/misc";
import { cn } from "@/lib/utils";
import { formatDuration, formatNumber, percentDone, secondsRemaining } from "../_lib/format";
import type { ExportView } from "../_lib/types";

export const STATUS_LABELS: Record<ExportView["status"], string> = {
  pending: "Pending",
  running: "Running",
  done: "Done",
  failed: "Failed",
  cancelled: "Cancelled",
  expired: "Expired",
};

/** What a running export is doing, from its partitions: the badge says it, so a retry or the packing is never "Running · 99 %". */
const RUNNING_PHASES: Record<ExportView["phase"], string> = {
  queued: "Pending",
  planning: "Planning",
  running: "Running",
  retrying: "Retrying",
  packaging: "Packaging",
  done: "Done",
  failed: "Failed",
  cancelled: "Cancelled",
  expired: "Expired",
};

const TONES: Record<ExportView["status"], string> = {
  pending: "bg-amber-50 text-amber-900 ring-amber-300",
  running: "bg-indigo-50 text-indigo-900 ring-indigo-300",
  done: "bg-emerald-50 text-emerald-900 ring-emerald-300",
  failed: "bg-red-50 text-red-900 ring-red-300",
  cancelled: "bg-slate-100 text-slate-700 ring-slate-300",
  expired: "bg-slate-100 text-slate-600 ring-slate-300",
};

/** The status in words (colour only repeats it): "Pending · #2 in queue", "Failed" with its reason. */
export function ExportStatus({ e }: { e: ExportView }) {
  // A done export that matched nothing is not "ready": it says so (derived from done and 0 rows).
  // An incremental export that found nothing new says that: its stream is simply up to date.
  const text = e.noNewRows
    ? "No new rows"
    : e.noRowsMatched
      ? "No rows matched"
      : e.status === "pending" && e.queuePosition
        ? `Pending · #${e.queuePosition} in queue`
        : e.status === "running"
          ? RUNNING_PHASES[e.phase]
          : STATUS_LABELS[e.status];
  const badge = (
    <span
      data-testid="export-status"
      data-phase={e.phase}
      data-no-rows={e.noRowsMatched || undefined}
      className={cn(
        "inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset",
        e.noRowsMatched ? "bg-slate-100 text-slate-800 ring-slate-300" : TONES[e.status],
      )}
    >
      {text}
    </span>
  );
  if (e.status !== "failed" || !e.error) return badge;
  return (
    <div className="flex w-48 flex-col items-start gap-1">
      {badge}
      <details className="text-xs text-red-900">
        <summary className="cursor-pointer text-red-800 underline-offset-2 hover:underline">Why it failed</summary>
        <p className="mt-1 whitespace-normal" data-testid="export-error">
          {e.error}
        </p>
      </details>
    </div>
  );
}

/** Progress of a running export: a bar, the percentage, rows so far of the estimate and the time left. */
export function ExportProgress({ e }: { e: ExportView }) {
  if (e.status !== "running") return null;
  const pct = percentDone(e);
  const left = secondsRemaining(e);
  return (
    <div className="flex w-32 flex-col gap-1" data-testid="export-progress">
      <div className="flex items-center gap-2">
        <ProgressBar value={pct} label={`Export progress`} />
        <span className="text-xs font-medium tabular-nums" data-testid="export-percent">
          {pct}%
        </span>
      </div>
      <span className="text-[0.7rem] text-slate-600 tabular-nums">
        {formatNumber(e.rowsProcessed)} of {e.rowsEstimate === null ? "?" : formatNumber(e.rowsEstimate)} rows
        {e.phase === "packaging" ? " · packing the archive" : left !== null ? ` · about ${formatDuration(left)} left` : ""}
      </span>
      {e.partitionCounts.total > 1 ? (
        <span className="text-[0.7rem] text-slate-600 tabular-nums" data-testid="export-partitions">
          {formatNumber(e.partitionCounts.done)} of {formatNumber(e.partitionCounts.total)} partitions done
        </span>
      ) : null}
      {e.retrying ? (
        <span className="text-[0.7rem] whitespace-normal text-amber-900" data-testid="export-retrying">
          Attempt {e.retrying.attempt} of {e.retrying.of} failed{e.retrying.lastError ? `: ${e.retrying.lastError}` : ""}; trying again
        </span>
      ) : null}
    </div>
  );
}

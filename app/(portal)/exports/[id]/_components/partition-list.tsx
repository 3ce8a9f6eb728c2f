import type { ExportPhases, PartitionView } from "@/lib/export-requests/phases";
import { getRealm } from "@/lib/realms/catalog";
import { formatNumber } from "../../_lib/format";
import { timeIn } from "../_lib/facts";

const PHASES: Record<ExportPhases["phase"], string> = {
  queued: "Queued, waiting for a free slot",
  planning: "Planning its partitions",
  running: "Producing its partitions",
  retrying: "Producing its partitions; one is being retried",
  packaging: "Packaging the archive",
  done: "Done",
  failed: "Failed",
  cancelled: "Cancelled",
  expired: "Expired",
};

function stateText(p: PartitionView): string {
  if (p.status === "done") return "done";
  if (p.status === "running") return p.attempts > 1 ? `running (attempt ${p.attempts})` : "running";
  if (p.status === "retrying") return `retrying after attempt ${p.attempts}${p.lastError ? `: ${p.lastError}` : ""}`;
  return "waiting";
}

/**
 * What the export's run is doing, and each partition's state: a long export shows where it is, which
 * partitions are done, which run, which wait and which are being retried (with the last error).
 */
export function PartitionList({ phases, timezone }: { phases: ExportPhases; timezone: string }) {
  const { phase, partitionCounts: n, partitions } = phases;
  return (
    <div className="flex min-w-0 flex-col gap-2 text-sm" data-testid="export-phase" data-phase={phase}>
      <p>
        <span className="font-medium">{PHASES[phase]}</span>
        {n.total > 0 ? (
          <span data-testid="partition-counts">
            {" "}
            · {formatNumber(n.done)} of {formatNumber(n.total)} partitions done
            {n.running ? `, ${formatNumber(n.running)} running` : ""}
            {n.retrying ? `, ${formatNumber(n.retrying)} retrying` : ""}
            {n.waiting ? `, ${formatNumber(n.waiting)} waiting` : ""}
          </span>
        ) : null}
      </p>
      {partitions.length > 0 ? (
        <details open={partitions.length <= 12}>
          <summary className="cursor-pointer">Partitions</summary>
          <div className="mt-2 max-w-full overflow-x-auto">
            <table className="w-full text-left text-xs" aria-label="Partitions of this export">
              <thead>
                <tr className="text-slate-600">
                  <th className="py-1 pr-3 font-medium">#</th>
                  <th className="py-1 pr-3 font-medium">Realm</th>
                  <th className="py-1 pr-3 font-medium">Rows</th>
                  <th className="py-1 pr-3 font-medium">State</th>
                  <th className="py-1 font-medium">Finished</th>
                </tr>
              </thead>
              <tbody>
                {partitions.map((p) => (
                  <tr key={p.index} data-testid="partition" data-status={p.status} className="border-t border-slate-100 align-top">
                    <td className="py-1 pr-3 tabular-nums">{p.index}</td>
                    <td className="py-1 pr-3">{getRealm(p.realm)?.label ?? p.realm}</td>
                    <td className="py-1 pr-3 tabular-nums">
                      {formatNumber(p.rows)}
                      {p.status !== "done" && p.rowsEstimate ? ` of ≈ ${formatNumber(p.rowsEstimate)}` : ""}
                    </td>
                    <td className="py-1 pr-3 break-words">{stateText(p)}</td>
                    <td className="py-1">{p.completedAt ? timeIn(p.completedAt, timezone) : "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      ) : null}
    </div>
  );
}

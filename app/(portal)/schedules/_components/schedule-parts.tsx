import type { ScheduleRunView } from "@/lib/schedules/view";

const STATUS_TONE: Record<string, string> = {
  done: "text-green-800",
  failed: "text-red-700",
  cancelled: "text-slate-600",
  expired: "text-slate-600",
  pending: "text-amber-800",
  running: "text-indigo-800",
};

/** A run as a line: its interval and its status, in words and colour. */
export function RunStatus({ run }: { run: ScheduleRunView | null }) {
  if (!run) return <span className="text-slate-500">No run yet</span>;
  return (
    <span>
      {run.interval ?? "—"} · <span className={STATUS_TONE[run.status] ?? ""}>{run.status}</span>
    </span>
  );
}

/** A run's copy to the schedule's bucket: when it arrived, or that it is on its way, or why it failed. */
export function DeliveryCell({ delivery }: { delivery: ScheduleRunView["delivery"] }) {
  if (!delivery) return <span className="text-slate-500">—</span>;
  if (delivery.state === "delivered")
    return (
      <span className="text-green-800">
        Delivered {delivery.deliveredAt ? new Date(delivery.deliveredAt).toISOString().slice(0, 16).replace("T", " ") : ""} UTC
      </span>
    );
  return (
    <span className={delivery.state === "failed" ? "text-red-700" : "text-amber-800"}>
      {delivery.state === "failed" ? "Failed" : "Delivering"}
      {delivery.lastError ? `: ${delivery.lastError}` : ""}
    </span>
  );
}

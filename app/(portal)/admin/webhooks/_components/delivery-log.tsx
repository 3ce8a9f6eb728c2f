"use client";

import { useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Badge } from "@/components/ui/misc";
import { redeliverWebhookAction } from "../actions";
import { utc, type DeliveryItem } from "../_lib/types";

const STATUS_WORDS: Record<DeliveryItem["status"], string> = { pending: "Trying", delivered: "Delivered", failed: "Failed" };

/** The endpoint's latest deliveries, each attempt with its response code, time and duration, and Redeliver. */
export function DeliveryLog({ endpointId, deliveries, disabled }: { endpointId: string; deliveries: DeliveryItem[]; disabled: boolean }) {
  const [pending, startTransition] = useTransition();
  if (deliveries.length === 0) return <p className="text-sm text-slate-600">No deliveries yet.</p>;

  const redeliver = (deliveryId: string) =>
    startTransition(async () => {
      const result = await redeliverWebhookAction({ id: endpointId, deliveryId });
      if (result.ok) toast.success("Redelivery queued", { description: "It appears in the log as it is tried." });
      else toast.error("Not redelivered", { description: result.message });
    });

  return (
    <ul className="flex flex-col divide-y divide-slate-200 rounded-md border border-slate-200" aria-label="Delivery log" data-testid="delivery-log">
      {deliveries.map((d) => (
        <li key={d.id} className="flex flex-col gap-1 p-3 text-sm" data-testid="delivery">
          <div className="flex flex-wrap items-center gap-2">
            <code className="text-xs">{d.event}</code>
            <Badge>{STATUS_WORDS[d.status]}</Badge>
            <span className="text-xs text-slate-600">{utc(d.createdAt)}</span>
            <Button
              type="button"
              variant="outline"
              size="sm"
              className="ml-auto"
              disabled={pending || disabled}
              onClick={() => redeliver(d.id)}
              aria-label={`Redeliver ${d.event} of ${utc(d.createdAt)}`}
            >
              Redeliver
            </Button>
          </div>
          <ol className="flex flex-col gap-0.5 text-xs text-slate-700">
            {d.attempts.map((a, i) => (
              <li key={`${a.at}-${i}`} data-testid="attempt">
                Attempt {i + 1}: <span className="font-medium">{a.status === null ? "no answer" : a.status}</span> at {utc(a.at)}, {a.durationMs} ms
                {a.error ? <span className="block break-words text-red-800">{a.error}</span> : null}
              </li>
            ))}
          </ol>
        </li>
      ))}
    </ul>
  );
}

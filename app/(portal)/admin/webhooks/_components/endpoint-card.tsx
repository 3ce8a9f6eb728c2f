"use client";

import { useRef, useState, useTransition } from "react";
import { toast } from "sonner";
import {
  AlertDialog,
  AlertDialogAction,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogTitle,
} from "@/components/ui/alert-dialog";
import { Button } from "@/components/ui/button";
import { Alert, Badge } from "@/components/ui/misc";
import { focusHeading } from "../../../_components/focus";
import { deleteWebhookAction, enableWebhookAction, rotateWebhookAction } from "../actions";
import type { EndpointItem } from "../_lib/types";
import { DeliveryLog } from "./delivery-log";
import { WebhookSecret } from "./webhook-secret";

/** One endpoint: its state, rotate, enable, delete (confirmed) and its delivery log. */
export function EndpointCard({ endpoint }: { endpoint: EndpointItem }) {
  const [pending, startTransition] = useTransition();
  const [confirmDelete, setConfirmDelete] = useState(false);
  const deleteButton = useRef<HTMLButtonElement>(null);
  const [secret, setSecret] = useState<string | null>(null);

  const run = (what: string, call: () => Promise<{ ok: boolean; message?: string }>, done?: () => void) =>
    startTransition(async () => {
      const result = await call();
      if (result.ok) done?.();
      else toast.error(`${what} did not work`, { description: result.message });
    });

  const rotate = () =>
    startTransition(async () => {
      const result = await rotateWebhookAction({ id: endpoint.id });
      if (!result.ok) return void toast.error("The secret was not rotated", { description: result.message });
      setSecret(result.data.secret);
    });

  return (
    <li className="flex flex-col gap-3 rounded-md border border-slate-200 p-4" data-testid="webhook-endpoint">
      <div className="flex flex-wrap items-center gap-2">
        <span className="font-mono text-sm break-all">{endpoint.url}</span>
        <Badge data-testid="endpoint-state">{endpoint.disabled ? "Disabled" : "Enabled"}</Badge>
      </div>
      <p className="text-xs text-slate-600">Events: {endpoint.events.join(", ")}</p>
      {endpoint.disabled ? (
        <Alert tone="warning">
          <p>{endpoint.disabledReason ?? "Disabled."}</p>
        </Alert>
      ) : null}
      {secret ? <WebhookSecret url={endpoint.url} secret={secret} rotated onDone={() => setSecret(null)} /> : null}
      <div className="flex flex-wrap gap-2">
        <Button type="button" variant="outline" size="sm" disabled={pending} onClick={rotate}>
          Rotate secret
        </Button>
        {endpoint.disabled ? (
          <Button
            type="button"
            variant="outline"
            size="sm"
            disabled={pending}
            onClick={() =>
              run(
                "Enabling",
                () => enableWebhookAction({ id: endpoint.id }),
                () => toast.success("Endpoint enabled"),
              )
            }
          >
            Enable
          </Button>
        ) : null}
        {/* Not disabled while another action runs: a disabled button cannot take the focus back from the dialog. */}
        <Button
          ref={deleteButton}
          type="button"
          variant="outline"
          size="sm"
          aria-disabled={pending}
          onClick={() => !pending && setConfirmDelete(true)}
          aria-label={`Delete endpoint ${endpoint.url}`}
        >
          Delete
        </Button>
      </div>
      <h3 className="text-sm font-medium">Delivery log</h3>
      <DeliveryLog endpointId={endpoint.id} deliveries={endpoint.deliveries} disabled={endpoint.disabled} />
      <AlertDialog open={confirmDelete} onOpenChange={setConfirmDelete}>
        {/* Opened without a trigger of Radix's own: the focus goes back to the Delete button, not to the page. */}
        <AlertDialogContent
          onCloseAutoFocus={(event) => {
            event.preventDefault();
            deleteButton.current?.focus();
          }}
        >
          <AlertDialogTitle>Delete this endpoint?</AlertDialogTitle>
          <AlertDialogDescription>Nothing more is sent to {endpoint.url}, and its delivery log is deleted with it.</AlertDialogDescription>
          <AlertDialogFooter>
            <AlertDialogCancel>Keep it</AlertDialogCancel>
            <AlertDialogAction
              destructive
              onClick={() =>
                run(
                  "Deleting",
                  () => deleteWebhookAction({ id: endpoint.id }),
                  () => {
                    toast.success("Endpoint deleted");
                    // The card leaves with the endpoint: the list's heading takes the focus.
                    focusHeading("endpoints-heading");
                  },
                )
              }
            >
              Delete endpoint
            </AlertDialogAction>
          </AlertDialogFooter>
        </AlertDialogContent>
      </AlertDialog>
    </li>
  );
}

"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRef, useState } from "react";
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
import { buttonVariants } from "@/components/ui/button";
import { DropdownMenuItem, DropdownMenuSeparator } from "@/components/ui/dropdown-menu";
import { cancelExportAction, deleteExportAction, resubmitExportAction } from "../actions";
import { hideDeletedExport, showCreatedExport } from "../_lib/cache";
import { copyText } from "../_lib/clipboard";
import { curlFor } from "../_lib/curl";
import { exportKeys } from "../_lib/queries";
import type { ExportView, Workspace } from "../_lib/types";
import { MissingDownload } from "./action-help";
import { ActionsMenu } from "./actions-menu";

type Confirm = "cancel" | "delete" | null;

/** What can be done to one export, by its state and the caller's rights (the server decides again). */
export function RowActions({ e, workspace }: { e: ExportView; workspace: Workspace }) {
  const queryClient = useQueryClient();
  const [confirm, setConfirm] = useState<Confirm>(null);
  const trigger = useRef<HTMLButtonElement>(null);
  const ref = { organizationId: workspace.organizationId, tenantId: workspace.tenantId, id: e.id };
  const name = `${e.realmLabel} export of ${e.scopeLabel}`;

  const refused = (message: string) => toast.error("That did not work", { description: message });
  // One mutation for the three actions (one observer per row, not three: the table renders 25 rows at once).
  const act = useMutation({
    mutationFn: async (kind: "cancel" | "delete" | "resubmit") => {
      if (kind === "cancel") {
        const r = await cancelExportAction(ref);
        if (!r.ok) return refused(r.message);
        toast.success("Export cancelled");
        void queryClient.invalidateQueries({ queryKey: exportKeys.lists(workspace) });
      } else if (kind === "delete") {
        const r = await deleteExportAction(ref);
        if (!r.ok) return refused(r.message);
        toast.success("Export deleted");
        void hideDeletedExport(queryClient, workspace, e.id);
      } else {
        const r = await resubmitExportAction(ref);
        if (!r.ok) return refused(r.message);
        if (r.data.reused)
          toast.info("This export is already queued", { description: "Your identical request is still pending or running, so no second export was made." });
        else toast.success("Export resubmitted", { description: "The new request is at the top of the list." });
        void showCreatedExport(queryClient, workspace, r.data);
      }
    },
  });
  const copyRequest = async () => {
    if (await copyText(curlFor(e.request))) toast.success("API request copied", { description: "Set PORTAL_URL and PORTAL_TOKEN, then run it in a terminal." });
    else toast.error("Could not copy to the clipboard", { description: "Your browser blocked clipboard access." });
  };
  const busy = act.isPending;

  return (
    <div className="flex items-center justify-end gap-1">
      {e.can.download && e.downloadUrl ? (
        <a href={samePortalPath(e.downloadUrl)} className={buttonVariants({ variant: "outline", size: "sm" })} aria-label={`Download ${name}`}>
          Download
        </a>
      ) : (
        <MissingDownload e={e} />
      )}
      {/* The button is never disabled, even while an action runs: a disabled button cannot take the focus back from the dialog. */}
      <ActionsMenu label={`Actions for ${name}`} trigger={trigger}>
        {e.can.resubmit ? (
          <DropdownMenuItem disabled={busy} onSelect={() => act.mutate("resubmit")}>
            Resubmit
          </DropdownMenuItem>
        ) : null}
        <DropdownMenuItem onSelect={() => void copyRequest()}>Copy API request</DropdownMenuItem>
        {e.can.cancel || e.can.delete ? <DropdownMenuSeparator /> : null}
        {e.can.cancel ? (
          <DropdownMenuItem destructive disabled={busy} onSelect={() => setConfirm("cancel")}>
            Cancel export
          </DropdownMenuItem>
        ) : null}
        {e.can.delete ? (
          <DropdownMenuItem destructive disabled={busy} onSelect={() => setConfirm("delete")}>
            Delete
          </DropdownMenuItem>
        ) : null}
      </ActionsMenu>

      {/* Mounted only when asked for: a closed dialog per row is work for every render of the table. */}
      {confirm !== null ? (
        <AlertDialog open onOpenChange={(open) => !open && setConfirm(null)}>
          {/* Opened from a menu that is gone by then: focus goes back to the menu's button, not to the page. */}
          <AlertDialogContent
            onCloseAutoFocus={(event) => {
              event.preventDefault();
              trigger.current?.focus();
            }}
          >
            <AlertDialogTitle>{confirm === "cancel" ? "Cancel this export?" : "Delete this export?"}</AlertDialogTitle>
            <AlertDialogDescription>
              {confirm === "cancel"
                ? `The ${name} stops and produces no file. You can resubmit it later.`
                : `The ${name} disappears from the list${e.status === "done" ? " and its archive is deleted, so its download link stops working" : ""}. This cannot be undone.`}
            </AlertDialogDescription>
            <AlertDialogFooter>
              <AlertDialogCancel>Keep it</AlertDialogCancel>
              <AlertDialogAction destructive onClick={() => act.mutate(confirm === "cancel" ? "cancel" : "delete")}>
                {confirm === "cancel" ? "Cancel export" : "Delete export"}
              </AlertDialogAction>
            </AlertDialogFooter>
          </AlertDialogContent>
        </AlertDialog>
      ) : null}
    </div>
  );
}

/**
 * The API's downloadUrl is absolute (APP_URL), but the table links within the portal the person has open,
 * whatever host name they reached it by, so their session cookie goes with the click.
 */
function samePortalPath(url: string): string {
  const u = new URL(url, "http://portal.invalid");
  return `${u.pathname}${u.search}`;
}

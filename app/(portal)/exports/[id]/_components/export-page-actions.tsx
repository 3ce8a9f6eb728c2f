"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
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
import { Button, buttonVariants } from "@/components/ui/button";
import { exportHref, type WorkspaceRef } from "@/lib/workspaces/url";
import { cancelExportAction, deleteExportAction, resubmitExportAction } from "../../actions";
import type { ExportView } from "../../_lib/types";
import { MissingDownload } from "../../_components/action-help";

type Confirm = "cancel" | "delete" | null;

/** The export page's actions, as the list offers them (the server decides again); it follows a running export. */
export function ExportPageActions({ e, workspace, listHref }: { e: ExportView; workspace: WorkspaceRef; listHref: string }) {
  const router = useRouter();
  const [confirm, setConfirm] = useState<Confirm>(null);
  const ref = { ...workspace, id: e.id };
  const name = `${e.realmLabel} export of ${e.scopeLabel}`;
  const active = e.status === "pending" || e.status === "running";

  // Progress, queue position and the end of the run: the page asks the server again while it is active.
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => router.refresh(), 2000);
    return () => clearInterval(timer);
  }, [active, router]);

  const refused = (message: string) => toast.error("That did not work", { description: message });
  const cancel = useMutation({
    mutationFn: () => cancelExportAction(ref),
    onSuccess: (r) => {
      if (!r.ok) return refused(r.message);
      toast.success("Export cancelled");
      router.refresh();
    },
  });
  const remove = useMutation({
    mutationFn: () => deleteExportAction(ref),
    onSuccess: (r) => {
      if (!r.ok) return refused(r.message);
      toast.success("Export deleted");
      router.push(listHref);
    },
  });
  const resubmit = useMutation({
    mutationFn: () => resubmitExportAction(ref),
    onSuccess: (r) => {
      if (!r.ok) return refused(r.message);
      toast.success(r.data.reused ? "This export is already queued" : "Export resubmitted", { description: "Showing the new request." });
      router.push(exportHref(workspace, r.data.id));
    },
  });
  const busy = cancel.isPending || remove.isPending || resubmit.isPending;

  return (
    <div className="flex flex-wrap items-start gap-2" data-testid="export-actions">
      {e.can.download && e.downloadUrl ? (
        <a href={`/exports/${e.id}/download`} className={buttonVariants({ size: "sm" })} aria-label={`Download ${name}`}>
          Download
        </a>
      ) : (
        <MissingDownload e={e} />
      )}
      {e.can.resubmit ? (
        <Button size="sm" variant="outline" disabled={busy} onClick={() => resubmit.mutate()}>
          Resubmit
        </Button>
      ) : null}
      {e.can.cancel ? (
        <Button size="sm" variant="outline" disabled={busy} onClick={() => setConfirm("cancel")}>
          Cancel export
        </Button>
      ) : null}
      {e.can.delete ? (
        <Button size="sm" variant="outline" disabled={busy} onClick={() => setConfirm("delete")}>
          Delete
        </Button>
      ) : null}
      <AlertDialog open={confirm !== null} onOpenChange={(open) => !open && setConfirm(null)}>
        <AlertDialogContent>
          <AlertDialogTitle>{confirm === "cancel" ? "Cancel this export?" : "Delete this export?"}</AlertDialogTitle>
          <AlertDialogDescription>
            {confirm === "cancel"
              ? `The ${name} stops and produces no file. You can resubmit it later.`
              : `The ${name} disappears from the list${e.status === "done" ? " and its archive is deleted, so its download link stops working" : ""}. This cannot be undone.`}
          </AlertDialogDescription>
          <AlertDialogFooter>
            <AlertDialogCancel>Keep it</AlertDialogCancel>
            <AlertDialogAction destructive onClick={() => (confirm === "cancel" ? cancel.mutate() : remove.mutate())}>
              {confirm === "cancel" ? "Cancel export" : "Delete export"}
            </AlertDialogAction>
          </AlertDialogFooter>
        </AlertDialogContent>
      </AlertDialog>
    </div>
  );
}

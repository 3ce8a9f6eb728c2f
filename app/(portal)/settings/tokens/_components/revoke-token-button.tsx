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
import { focusHeading } from "../../../_components/focus";
import { revokeTokenAction } from "../actions";

/** Revoke with a confirmation: scripts using the token stop working at once, and it cannot be undone. */
export function RevokeTokenButton({ organizationId, id, name }: { organizationId: string; id: string; name: string }) {
  const [open, setOpen] = useState(false);
  const [pending, startTransition] = useTransition();
  const opener = useRef<HTMLButtonElement>(null);

  const revoke = () =>
    startTransition(async () => {
      const result = await revokeTokenAction({ organizationId, id });
      if (result.ok) {
        toast.success("Token revoked", { description: `“${name}” no longer works.` });
        // A revoked token has no Revoke button any more: the table's heading takes the focus.
        focusHeading("tokens-heading");
      } else toast.error("The token was not revoked", { description: result.message });
    });

  return (
    <>
      {/* Not disabled while revoking: a disabled button cannot take the focus back from the dialog. */}
      <Button
        ref={opener}
        type="button"
        variant="outline"
        size="sm"
        aria-disabled={pending}
        onClick={() => !pending && setOpen(true)}
        aria-label={`Revoke token ${name}`}
      >
        {pending ? "Revoking…" : "Revoke"}
      </Button>
      <AlertDialog open={open} onOpenChange={setOpen}>
        {/* Opened without a trigger of Radix's own: the focus goes back to the Revoke button, not to the page. */}
        <AlertDialogContent
          onCloseAutoFocus={(event) => {
            event.preventDefault();
            opener.current?.focus();
          }}
        >
          <AlertDialogTitle>Revoke “{name}”?</AlertDialogTitle>
          <AlertDialogDescription>Every script or tool using this token is refused from now on. This cannot be undone.</AlertDialogDescription>
          <AlertDialogFooter>
            <AlertDialogCancel>Keep it</AlertDialogCancel>
            <AlertDialogAction destructive onClick={revoke}>
              Revoke token
            </AlertDialogAction>
          </AlertDialogFooter>
        </AlertDialogContent>
      </AlertDialog>
    </>
  );
}

"use client";

import { useState, useTransition } from "react";
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
import { revokeTokenAction } from "../actions";

/** Revoke with a confirmation: scripts using the token stop working at once, and it cannot be undone. */
export function RevokeTokenButton({ organizationId, id, name }: { organizationId: string; id: string; name: string }) {
  const [open, setOpen] = useState(false);
  const [pending, startTransition] = useTransition();

  const revoke = () =>
    startTransition(async () => {
      const result = await revokeTokenAction({ organizationId, id });
      if (result.ok) toast.success("Token revoked", { description: `“${name}” no longer works.` });
      else toast.error("The token was not revoked", { description: result.message });
    });

  return (
    <>
      <Button type="button" variant="outline" size="sm" disabled={pending} onClick={() => setOpen(true)} aria-label={`Revoke token ${name}`}>
        {pending ? "Revoking…" : "Revoke"}
      </Button>
      <AlertDialog open={open} onOpenChange={setOpen}>
        <AlertDialogContent>
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

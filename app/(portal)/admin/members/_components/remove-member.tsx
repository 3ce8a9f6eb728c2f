"use client";

import { useRef, useState, useTransition, type FormEvent } from "react";
import { toast } from "sonner";
import {
  AlertDialog,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogTitle,
  AlertDialogTrigger,
} from "@/components/ui/alert-dialog";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/misc";
import type { MemberView } from "@/lib/admin/members";
import { focusHeading } from "../../../_components/focus";
import { PlaceFields } from "../../_components/admin-form";
import { removeMemberAction } from "../actions";

/** Remove, after a confirmation that says what the person loses. */
export function RemoveMemberButton({ member, place }: { member: MemberView; place: { organizationId: string; tenantId: string | null } }) {
  const [open, setOpen] = useState(false);
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const removed = useRef(false);
  // The toast is raised from the action's own result, not from an effect of this row: a removal
  // refreshes the list, which takes this row (and any effect it had) away in the same update.
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    startTransition(async () => {
      const result = await removeMemberAction(null, data);
      if (result.ok) {
        toast.success(`Removed ${member.email}.`);
        removed.current = true;
        setOpen(false);
      } else {
        setError(result.message);
        toast.error(result.message);
      }
    });
  };
  const where = member.tenantName ? `the ${member.tenantName} tenant` : "all tenants of the organization";
  return (
    <AlertDialog open={open} onOpenChange={setOpen}>
      <AlertDialogTrigger asChild>
        <Button type="button" variant="outline" size="sm" className="text-red-700">
          Remove<span className="sr-only"> {member.email}</span>
        </Button>
      </AlertDialogTrigger>
      {/* Kept, the focus goes back to this row's Remove button; removed, the row is gone and the list's heading takes it. */}
      <AlertDialogContent
        onCloseAutoFocus={(event) => {
          if (!removed.current) return;
          event.preventDefault();
          focusHeading("members-heading");
        }}
      >
        <AlertDialogTitle>Remove {member.email}?</AlertDialogTitle>
        <AlertDialogDescription>
          They lose their {member.roleName} access to {where} at once, including downloads of exports they already have. Their exports stay.
        </AlertDialogDescription>
        {error ? <Alert tone="error">{error}</Alert> : null}
        <form onSubmit={onSubmit}>
          <PlaceFields place={place} />
          <input type="hidden" name="membershipId" value={member.id} />
          <AlertDialogFooter>
            <AlertDialogCancel type="button">Keep member</AlertDialogCancel>
            <Button type="submit" variant="destructive" disabled={pending}>
              {pending ? "Removing…" : "Remove member"}
            </Button>
          </AlertDialogFooter>
        </form>
      </AlertDialogContent>
    </AlertDialog>
  );
}

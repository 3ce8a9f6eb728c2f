"use client";

import { useActionState, useState } from "react";
import type { ActionResult } from "@/app/_lib/action-result";
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
import { PlaceFields, useResultToast, useSubmit } from "../../_components/admin-form";
import { removeMemberAction } from "../actions";

/** Remove, after a confirmation that says what the person loses. */
export function RemoveMemberButton({ member, place }: { member: MemberView; place: { organizationId: string; tenantId: string | null } }) {
  const [open, setOpen] = useState(false);
  const [state, formAction, pending] = useActionState<ActionResult<null> | null, FormData>(removeMemberAction, null);
  useResultToast(state, () => `Removed ${member.email}.`, () => setOpen(false));
  const onSubmit = useSubmit(formAction);
  const where = member.tenantName ? `the ${member.tenantName} tenant` : "all tenants of the organization";
  return (
    <AlertDialog open={open} onOpenChange={setOpen}>
      <AlertDialogTrigger asChild>
        <Button type="button" variant="outline" size="sm" className="text-red-700">
          Remove<span className="sr-only"> {member.email}</span>
        </Button>
      </AlertDialogTrigger>
      <AlertDialogContent>
        <AlertDialogTitle>Remove {member.email}?</AlertDialogTitle>
        <AlertDialogDescription>
          They lose their {member.roleName} access to {where} at once, including downloads of exports they already have. Their exports stay.
        </AlertDialogDescription>
        {state && !state.ok ? <Alert tone="error">{state.message}</Alert> : null}
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

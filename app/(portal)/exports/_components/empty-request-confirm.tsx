"use client";

import {
  AlertDialog,
  AlertDialogAction,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogTitle,
} from "@/components/ui/alert-dialog";

interface Props {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onConfirm: () => void;
}

/** The confirm step before a request whose estimate is 0 rows: it may go ahead, but people should know. */
export function EmptyRequestConfirm({ open, onOpenChange, onConfirm }: Props) {
  return (
    <AlertDialog open={open} onOpenChange={onOpenChange}>
      <AlertDialogContent>
        <AlertDialogTitle>No rows match this request</AlertDialogTitle>
        <AlertDialogDescription>
          The estimate is 0 rows for this scope and date range, so the export would be empty (it would end as “No rows matched”). Widen the dates or the scope,
          or request it anyway.
        </AlertDialogDescription>
        <AlertDialogFooter>
          <AlertDialogCancel>Change the request</AlertDialogCancel>
          <AlertDialogAction onClick={onConfirm}>Request anyway</AlertDialogAction>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}

"use client";

import Link from "next/link";
import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/misc";
import { workspaceHref } from "@/lib/workspaces/url";
import { resubmitUnavailable, type ResubmitState } from "./actions";

export function ResubmitForm({ id, organizationId, tenantId }: { id: string; organizationId: string; tenantId: string }) {
  const [state, action, pending] = useActionState<ResubmitState, FormData>(resubmitUnavailable, {});
  return (
    <form action={action} className="flex flex-col gap-3">
      {state.error ? (
        <Alert tone="error">
          <span className="font-medium">The export was not resubmitted.</span> {state.error}
        </Alert>
      ) : null}
      <input type="hidden" name="id" value={id} />
      <input type="hidden" name="organizationId" value={organizationId} />
      <input type="hidden" name="tenantId" value={tenantId} />
      <div className="flex gap-2">
        <Button type="submit" disabled={pending}>
          {pending ? "Resubmitting…" : "Resubmit"}
        </Button>
        <Button asChild variant="outline">
          <Link href={workspaceHref({ organizationId, tenantId })}>Back to exports</Link>
        </Button>
      </div>
    </form>
  );
}

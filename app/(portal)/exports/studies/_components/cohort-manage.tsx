"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { FormField, describedBy } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Alert } from "@/components/ui/misc";
import { studyHref } from "../_lib/hrefs";
import { deleteCohortAction, updateCohortAction } from "../manage-actions";

interface Props {
  cohortRef: { organizationId: string; tenantId: string; studyId: string; cohortId: string };
  cohort: { name: string; members: number };
}

/**
 * An admin renames or deletes a cohort. An empty cohort goes at once; one with members asks first, in
 * words that say its member list goes with it.
 */
export function CohortManage({ cohortRef, cohort }: Props) {
  const router = useRouter();
  const [name, setName] = useState(cohort.name);
  const [error, setError] = useState<{ message: string; field?: string } | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);

  const rename = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const result = await updateCohortAction(cohortRef, { name });
    setBusy(false);
    if (!result.ok) return setError({ message: result.message, field: result.fieldErrors.name });
    toast.success("Cohort renamed", { description: name.trim() });
    router.refresh();
  };

  const remove = async () => {
    if (cohort.members > 0 && !confirming) return setConfirming(true);
    setBusy(true);
    setError(null);
    const result = await deleteCohortAction(cohortRef, confirming);
    setBusy(false);
    if (!result.ok) return setError({ message: result.message });
    toast.success("Cohort deleted", { description: cohort.name });
    router.push(studyHref(cohortRef, cohortRef.studyId));
  };

  const members = `${cohort.members.toLocaleString("en-US")} member${cohort.members === 1 ? "" : "s"}`;
  return (
    <section aria-labelledby="cohort-manage-heading" className="flex flex-col gap-3">
      <h2 id="cohort-manage-heading" className="text-sm font-semibold">
        Cohort settings
      </h2>
      {error && !error.field ? <Alert tone="error">{error.message}</Alert> : null}
      <form onSubmit={(e) => void rename(e)} className="flex flex-wrap items-end gap-2" noValidate>
        <FormField id="cohort-rename" label="Cohort name" error={error?.field}>
          <Input id="cohort-rename" value={name} onChange={(e) => setName(e.target.value)} maxLength={120} {...describedBy("cohort-rename", error?.field)} />
        </FormField>
        <Button type="submit" variant="outline" disabled={busy}>
          Rename
        </Button>
      </form>
      {confirming ? (
        <Alert tone="warning">
          Cohort {cohort.name} has {members}. Deleting it deletes its member list too; exports already made keep the members they read.
        </Alert>
      ) : null}
      <div className="flex flex-wrap gap-2">
        <Button type="button" variant="outline" disabled={busy} onClick={() => void remove()}>
          {confirming ? `Delete cohort and its ${members}` : "Delete cohort"}
        </Button>
        {confirming ? (
          <Button type="button" variant="ghost" onClick={() => setConfirming(false)}>
            Keep it
          </Button>
        ) : null}
      </div>
    </section>
  );
}

"use client";

import Papa from "papaparse";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/misc";
import { checkMembersAction, saveMembersAction } from "../actions";

interface Props {
  cohortRef: { organizationId: string; tenantId: string; studyId: string; cohortId: string };
}

/** Participant ids from CSV text: every non-empty cell, so one id a line, a column, or a header row named participant_id all work. */
function idsOf(text: string): string[] {
  const { data } = Papa.parse<string[]>(text.trim(), { skipEmptyLines: true });
  return data
    .flat()
    .map((cell) => cell.trim())
    .filter((cell) => cell && !/^participant(_|\s)?id$/i.test(cell));
}

/**
 * An admin's cohort member list, pasted or uploaded as CSV: checked first, with the ids that are no
 * participant of the study listed back, then saved (leaving those out only when the admin says so).
 */
export function MemberListEditor({ cohortRef }: Props) {
  const router = useRouter();
  const [text, setText] = useState("");
  const [check, setCheck] = useState<{ known: string[]; unknown: string[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (save: boolean) => {
    setBusy(true);
    setError(null);
    const ids = idsOf(text);
    if (!save) {
      const checked = await checkMembersAction(cohortRef, ids);
      setBusy(false);
      return checked.ok ? setCheck(checked.data) : setError(checked.message);
    }
    // Saving after the check the admin saw: the unknown ids it listed are left out, knowingly.
    const saved = await saveMembersAction(cohortRef, ids, true);
    setBusy(false);
    if (!saved.ok) return setError(saved.message);
    toast.success("Members saved", { description: `The cohort now has ${saved.data.members} members.` });
    setCheck(null);
    setText("");
    router.refresh();
  };

  return (
    <section aria-labelledby="member-list-heading" className="flex flex-col gap-2">
      <h2 id="member-list-heading" className="text-sm font-semibold">
        Replace the member list
      </h2>
      <label htmlFor="member-list" className="text-sm text-slate-700">
        Participant ids, one a line or comma separated (CSV)
      </label>
      <textarea
        id="member-list"
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setCheck(null);
        }}
        rows={5}
        className="rounded-md border border-slate-300 p-2 font-mono text-sm"
      />
      <label className="text-sm text-slate-700">
        Or upload a CSV file{" "}
        <input
          type="file"
          accept=".csv,text/csv,text/plain"
          aria-label="Upload a CSV of participant ids"
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file)
              void file.text().then((t) => {
                setText(t);
                setCheck(null);
              });
          }}
        />
      </label>
      {error ? <Alert tone="error">{error}</Alert> : null}
      {check ? (
        <div data-testid="member-check" className="flex flex-col gap-1 text-sm">
          <p>
            {check.known.length} known participant{check.known.length === 1 ? "" : "s"}.
          </p>
          {check.unknown.length ? (
            <Alert tone="warning">
              {check.unknown.length} id{check.unknown.length === 1 ? " is" : "s are"} not participants of this study and will be left out:
              <ul aria-label="Unknown participant ids" className="mt-1 list-disc pl-5 font-mono">
                {check.unknown.map((id) => (
                  <li key={id}>{id}</li>
                ))}
              </ul>
            </Alert>
          ) : null}
        </div>
      ) : null}
      <div className="flex gap-2">
        <Button type="button" variant="outline" disabled={busy || !text.trim()} onClick={() => void run(false)}>
          Check list
        </Button>
        <Button type="button" disabled={busy || !check || check.known.length === 0} onClick={() => void run(true)}>
          {check?.unknown.length ? `Save ${check.known.length} member${check.known.length === 1 ? "" : "s"} without the unknown ids` : "Save members"}
        </Button>
      </div>
    </section>
  );
}

"use client";

import Link from "next/link";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { createScheduleAction } from "../../schedules/actions";
import { schedulesHref } from "@/lib/workspaces/url";
import { toRequest, type Draft } from "../_lib/draft";

const DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"] as const;
type Every = "hour" | "day" | "week";
type Mode = "fixed_window" | "incremental";

/**
 * "Repeat this export…": a schedule of the form's current request, without its dates (each run takes its
 * own interval's), read in the draft's timezone. The server checks it as it would the export.
 */
export function RepeatExport({ workspace, draft, realmLabel }: { workspace: { organizationId: string; tenantId: string }; draft: Draft; realmLabel?: string }) {
  const [open, setOpen] = useState(false);
  const [name, setName] = useState("");
  const [every, setEvery] = useState<Every>("day");
  const [at, setAt] = useState("06:00");
  const [on, setOn] = useState<(typeof DAYS)[number]>("monday");
  const [mode, setMode] = useState<Mode>("fixed_window");
  const [pending, start] = useTransition();
  const [outcome, setOutcome] = useState<{ ok: true; words: string } | { ok: false; message: string } | null>(null);

  function submit() {
    const { from: _from, to: _to, name: _name, ...request } = toRequest(draft, workspace.tenantId);
    const cadence = every === "hour" ? { every } : every === "day" ? { every, at } : { every, on, at };
    const body = { ...request, name: name.trim() || `${realmLabel ?? "Export"} schedule`, cadence, timezone: draft.timezone, mode };
    start(async () => {
      const result = await createScheduleAction(workspace.organizationId, body);
      setOutcome(result.ok ? { ok: true, words: `${result.data.name}: ${result.data.cadenceInWords}` } : { ok: false, message: result.message });
    });
  }

  if (!open)
    return (
      <Button type="button" variant="outline" className="self-stretch sm:self-end" onClick={() => setOpen(true)}>
        Repeat this export…
      </Button>
    );
  return (
    <section aria-label="Repeat this export" className="flex flex-col gap-2 rounded-md border border-slate-200 p-3 text-sm">
      <p className="text-slate-600">
        Runs this request on a schedule, read in {draft.timezone}. The dates above are not used: each run exports the previous hour, day or week, or only the
        rows that arrived since the previous run.
      </p>
      <div className="flex flex-wrap items-end gap-3">
        <label className="flex flex-col gap-1">
          Schedule name
          <input className="rounded border border-slate-300 px-2 py-1" value={name} onChange={(e) => setName(e.target.value)} maxLength={80} />
        </label>
        <label className="flex flex-col gap-1">
          Each run exports
          <select className="rounded border border-slate-300 px-2 py-1" value={mode} onChange={(e) => setMode(e.target.value as Mode)}>
            <option value="fixed_window">The previous hour, day or week</option>
            <option value="incremental">Only rows new since the previous run</option>
          </select>
        </label>
        <label className="flex flex-col gap-1">
          How often
          <select className="rounded border border-slate-300 px-2 py-1" value={every} onChange={(e) => setEvery(e.target.value as Every)}>
            <option value="hour">Every hour</option>
            <option value="day">Every day</option>
            <option value="week">Every week</option>
          </select>
        </label>
        {every === "week" ? (
          <label className="flex flex-col gap-1">
            On
            <select className="rounded border border-slate-300 px-2 py-1" value={on} onChange={(e) => setOn(e.target.value as (typeof DAYS)[number])}>
              {DAYS.map((d) => (
                <option key={d} value={d}>
                  {d[0]?.toUpperCase()}
                  {d.slice(1)}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        {every !== "hour" ? (
          <label className="flex flex-col gap-1">
            At
            <input type="time" className="rounded border border-slate-300 px-2 py-1" value={at} onChange={(e) => setAt(e.target.value)} />
          </label>
        ) : null}
        <Button type="button" disabled={pending} onClick={submit}>
          {pending ? "Creating…" : "Create schedule"}
        </Button>
        <Button type="button" variant="outline" onClick={() => setOpen(false)}>
          Close
        </Button>
      </div>
      {outcome?.ok ? (
        <p role="status" className="text-green-800">
          Schedule created — {outcome.words}.{" "}
          <Link href={schedulesHref(workspace)} className="underline">
            See schedules
          </Link>
        </p>
      ) : outcome ? (
        <p role="alert" className="text-red-700">
          {outcome.message}
        </p>
      ) : null}
    </section>
  );
}

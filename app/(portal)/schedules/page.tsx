import type { Metadata } from "next";
import Link from "next/link";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { getDb } from "@/db/client";
import { lastRuns } from "@/db/queries/schedules";
import { requireUser } from "@/app/_lib/session";
import { tenantPageWorkspace } from "@/app/_lib/workspace-page";
import { listVisibleSchedules } from "@/lib/schedules/service";
import { scheduleView } from "@/lib/schedules/view";
import { schedulesHref } from "@/lib/workspaces/url";
import { SelectWorkspaceNotice } from "../_components/select-workspace";
import { PauseButton } from "./_components/pause-button";
import { RunStatus } from "./_components/schedule-parts";

export const metadata: Metadata = { title: "Schedules" };

/** The workspace's schedules the user may see: their own, or every one for an organization admin. */
export default async function SchedulesPage() {
  const user = await requireUser("/schedules");
  const { choices, selected } = await tenantPageWorkspace(user.id, "/schedules");
  if (!selected) return <SelectWorkspaceNotice hasChoices={choices.length > 0} />;
  const db = getDb();
  const actor = { userId: user.id, context: { ip: null, userAgent: null } };
  const rows = await listVisibleSchedules({ db }, actor, { organizationId: selected.organizationId, tenantId: selected.tenantId });
  const last = await lastRuns(
    db,
    rows.map((r) => r.id),
  );
  const views = rows.map((r) => scheduleView(r, last.get(r.id)));
  return (
    <div className="flex flex-col gap-4">
      <div>
        <h1 className="text-xl font-semibold">Schedules</h1>
        <p className="text-sm text-slate-600">
          {selected.organizationName} / {selected.tenantName} · create one with “Repeat this export…” in the New export form
        </p>
      </div>
      <Card>
        <CardHeader>
          <CardTitle>Scheduled exports</CardTitle>
        </CardHeader>
        <CardContent className="overflow-x-auto">
          {views.length === 0 ? (
            <p className="text-sm text-slate-600">No schedules yet.</p>
          ) : (
            <table className="w-full text-left text-sm">
              <thead>
                <tr className="border-b border-slate-200 text-slate-600">
                  <th className="py-2 pr-4 font-medium">Name</th>
                  <th className="py-2 pr-4 font-medium">Cadence</th>
                  <th className="py-2 pr-4 font-medium">Next run</th>
                  <th className="py-2 pr-4 font-medium">Last run</th>
                  <th className="py-2 pr-4 font-medium">State</th>
                </tr>
              </thead>
              <tbody>
                {views.map((s) => (
                  <tr key={s.id} className="border-b border-slate-100 align-top" data-testid="schedule-row">
                    <td className="py-2 pr-4">
                      <Link href={schedulesHref(selected, s.id)} className="font-medium text-indigo-800 underline">
                        {s.name}
                      </Link>
                    </td>
                    <td className="py-2 pr-4">{s.cadenceInWords}</td>
                    <td className="py-2 pr-4">{s.state === "active" ? s.nextRunLocal : "—"}</td>
                    <td className="py-2 pr-4">
                      <RunStatus run={s.lastRun} />
                    </td>
                    <td className="py-2 pr-4">
                      <div className="flex flex-col gap-1">
                        <span data-testid="schedule-state">{s.state === "active" ? "Active" : `Paused: ${s.pausedReason ?? ""}`}</span>
                        {s.skipped ? <span className="text-xs text-amber-800">{s.skipped.inWords}</span> : null}
                        {s.ownerId === user.id || s.state === "paused" ? <PauseButton id={s.id} name={s.name} state={s.state} /> : null}
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </CardContent>
      </Card>
    </div>
  );
}

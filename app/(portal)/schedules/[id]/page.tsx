import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { getDb } from "@/db/client";
import { listScheduleRuns } from "@/db/queries/schedules";
import { requireUser } from "@/app/_lib/session";
import { deliveriesOf } from "@/lib/destinations/deliver";
import { getDestinationRow } from "@/lib/destinations/destination";
import { isAppError } from "@/lib/errors/app-error";
import { getVisibleSchedule } from "@/lib/schedules/service";
import { runView, scheduleView } from "@/lib/schedules/view";
import { exportHref, schedulesHref } from "@/lib/workspaces/url";
import { PauseButton } from "../_components/pause-button";
import { DeliveryCell } from "../_components/schedule-parts";
import { DestinationForm } from "../_components/destination-form";
import { moveToSchedule } from "../_lib/context";

export const metadata: Metadata = { title: "Schedule" };

/** One schedule and its runs, the latest interval first; each run links to its export. */
export default async function SchedulePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requireUser(`/schedules/${id}`);
  const db = getDb();
  const row = await getVisibleSchedule({ db }, { userId: user.id, context: { ip: null, userAgent: null } }, { id }).catch((error: unknown) => {
    if (isAppError(error) && error.code === "not_found") notFound();
    throw error;
  });
  const own = { organizationId: row.organizationId, tenantId: row.tenantId };
  await moveToSchedule({ ...own, id: row.id });
  const runRows = await listScheduleRuns(db, row.id);
  const deliveries = await deliveriesOf(
    db,
    runRows.map((r) => r.id),
  );
  const runs = runRows.map((r) => runView(r, row.timezone, deliveries.get(r.id)));
  const s = scheduleView(row, null, await getDestinationRow(db, row.id));
  return (
    <div className="flex flex-col gap-4">
      <div>
        <Link href={schedulesHref(own)} className="text-sm text-indigo-800 underline">
          ← Schedules
        </Link>
        <h1 className="text-xl font-semibold">{s.name}</h1>
        <p className="text-sm text-slate-600">
          {s.cadenceInWords} · fixed window · {s.state === "active" ? `next run ${s.nextRunLocal}` : `Paused: ${s.pausedReason ?? ""}`}
        </p>
        {s.skipped ? <p className="text-sm text-amber-800">{s.skipped.inWords}</p> : null}
        {s.destination ? (
          <p className="text-sm text-slate-600" data-testid="schedule-destination">
            Each run is copied to s3://{s.destination.bucket}/{s.destination.prefix}
            {s.destination.endpoint ? ` at ${s.destination.endpoint}` : ""} (access key {s.destination.accessKeyId}).
          </p>
        ) : null}
        <div className="mt-2">
          <PauseButton id={s.id} name={s.name} state={s.state} />
        </div>
      </div>
      <Card>
        <CardHeader>
          <CardTitle>Copy each run to a bucket</CardTitle>
        </CardHeader>
        <CardContent>
          <DestinationForm id={s.id} current={s.destination} />
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Runs</CardTitle>
        </CardHeader>
        <CardContent className="overflow-x-auto">
          {runs.length === 0 ? (
            <p className="text-sm text-slate-600">No runs yet: the first is due {s.nextRunLocal}.</p>
          ) : (
            <table className="w-full text-left text-sm">
              <thead>
                <tr className="border-b border-slate-200 text-slate-600">
                  <th className="py-2 pr-4 font-medium">Interval ({s.timezone})</th>
                  <th className="py-2 pr-4 font-medium">Status</th>
                  <th className="py-2 pr-4 font-medium">Rows</th>
                  <th className="py-2 pr-4 font-medium">Export</th>
                  {s.destination ? <th className="py-2 pr-4 font-medium">Bucket</th> : null}
                </tr>
              </thead>
              <tbody>
                {runs.map((r) => (
                  <tr key={r.exportId} className="border-b border-slate-100" data-testid="schedule-run">
                    <td className="py-2 pr-4">{r.interval}</td>
                    <td className="py-2 pr-4">{r.status}</td>
                    <td className="py-2 pr-4">{r.rowCount ?? "—"}</td>
                    <td className="py-2 pr-4">
                      <Link href={exportHref(own, r.exportId)} className="text-indigo-800 underline">
                        {r.name ?? r.exportId}
                      </Link>
                    </td>
                    {s.destination ? (
                      <td className="py-2 pr-4" data-testid="run-delivery">
                        <DeliveryCell delivery={r.delivery} />
                      </td>
                    ) : null}
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

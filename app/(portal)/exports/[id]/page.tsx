import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Alert } from "@/components/ui/misc";
import { getDb } from "@/db/client";
import { listExportDownloads } from "@/db/queries/export-downloads";
import { requireUser, urlWorkspace } from "@/app/_lib/session";
import { locateExport } from "@/lib/export-requests/locate";
import { viewOfExport } from "@/lib/export-requests/view";
import { exportHref, workspaceHref } from "@/lib/workspaces/url";
import { ActionHelpProvider } from "../_components/action-help";
import { ExportProgress, ExportStatus } from "../_components/export-status";
import { actionHelp } from "../_lib/context";
import { formatBytes } from "../_lib/format";
import { ExportPageActions } from "./_components/export-page-actions";
import { FactList } from "./_components/fact-list";
import { PartitionList } from "./_components/partition-list";
import { CheckpointCard } from "./_components/checkpoint-card";
import { outcomeFacts, requestFacts, timeIn } from "./_lib/facts";

export const metadata: Metadata = { title: "Export" };

/**
 * Everything about one export, at /o/{org}/t/{tenant}/exports/{id}. Reached without its workspace (or with
 * another one the person also works in) it moves to its own; anything the person may not see is the
 * portal's one not-found page.
 */
export default async function ExportPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requireUser(`/exports/${encodeURIComponent(id)}`);
  const db = getDb();
  const found = await locateExport(db, user.id, await urlWorkspace(), id);
  if (found.kind === "not_found") notFound();
  if (found.kind === "move") redirect(found.to);
  const { row, access } = found;
  const place = { organizationId: row.organizationId, tenantId: row.tenantId };
  const [e, downloads, help] = await Promise.all([
    viewOfExport(db, row, access),
    listExportDownloads(db, { organizationId: row.organizationId, exportId: row.id }),
    actionHelp(place, access),
  ]);
  const listHref = workspaceHref(place);

  return (
    <ActionHelpProvider help={help}>
      <div className="mx-auto flex w-full max-w-4xl min-w-0 flex-col gap-4" data-export-id={e.id} data-status={e.status}>
        <nav aria-label="Breadcrumb" className="text-sm">
          <Link href={listHref} className="text-indigo-700 underline underline-offset-2">
            ← All exports
          </Link>
        </nav>
        <div className="flex flex-wrap items-start gap-3">
          <div className="min-w-0 flex-1">
            <h1 className="text-xl font-semibold break-words" data-testid="export-title">
              {e.realmLabel} · {e.scopeLabel}
            </h1>
            <p className="text-sm text-slate-600">
              {e.formatLabel} · requested {timeIn(e.createdAt, e.timezone)}
            </p>
          </div>
          <ExportPageActions e={e} workspace={place} listHref={listHref} />
        </div>

        <Card>
          <CardHeader>
            <CardTitle>Status</CardTitle>
          </CardHeader>
          <CardContent className="flex flex-col gap-2 text-sm">
            <div className="flex flex-col items-start gap-1.5">
              <ExportStatus e={e} />
              <ExportProgress e={e} />
            </div>
            {e.error ? <Alert tone="error">{e.error}</Alert> : null}
            <PartitionList phases={e} timezone={e.timezone} />
            {e.resubmittedFrom ? (
              <p>
                Resubmitted from{" "}
                <Link className="text-indigo-700 underline" href={exportHref(place, e.resubmittedFrom)}>
                  an earlier export
                </Link>
                .
              </p>
            ) : null}
          </CardContent>
        </Card>

        <div className="grid min-w-0 gap-4 md:grid-cols-2">
          <Card className="min-w-0">
            <CardHeader>
              <CardTitle>Request</CardTitle>
            </CardHeader>
            <CardContent>
              <FactList facts={requestFacts(e)} label="The request" />
            </CardContent>
          </Card>
          <Card className="min-w-0">
            <CardHeader>
              <CardTitle>Result</CardTitle>
            </CardHeader>
            <CardContent>
              <FactList facts={outcomeFacts(e)} label="The result" />
            </CardContent>
          </Card>
        </div>

        <CheckpointCard e={e} place={place} />

        <Card>
          <CardHeader>
            <CardTitle>Downloads</CardTitle>
          </CardHeader>
          <CardContent className="text-sm">
            {downloads.length === 0 ? (
              <p data-testid="no-downloads">Nobody has downloaded this export yet.</p>
            ) : (
              <ul className="flex flex-col gap-1" aria-label="Downloads of this export" data-testid="download-history">
                {downloads.map((d, i) => (
                  <li key={i} className="break-words">
                    {timeIn(d.at.toISOString(), e.timezone)} · {d.name ? `${d.name} (${d.email ?? ""})` : (d.email ?? "someone")}
                    {d.viaToken ? " · with an API token" : ""}
                    {d.bytesServed !== null ? ` · ${formatBytes(d.bytesServed)}` : ""}
                  </li>
                ))}
              </ul>
            )}
          </CardContent>
        </Card>
      </div>
    </ActionHelpProvider>
  );
}

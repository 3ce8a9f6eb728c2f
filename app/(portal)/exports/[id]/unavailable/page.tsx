import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { z } from "zod";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { getDb } from "@/db/client";
import { requireUser } from "@/app/_lib/session";
import { authorizeDownload } from "@/lib/downloads/authorize";
import { isAppError } from "@/lib/errors/app-error";
import { rangeInWords } from "@/lib/exports/range";
import { realmsLabelOf } from "@/lib/export-requests/request";
import { exportHref } from "@/lib/workspaces/url";
import { exportStorage } from "../../../../_lib/export-deps";
import { ResubmitForm } from "./resubmit-form";

export const metadata: Metadata = { title: "Download unavailable" };

/**
 * Where a person's download link leads when it cannot be served (the download route sends browsers here
 * instead of an error document): the export expired, is not finished, failed, or its file went missing.
 * An export that does not exist, or that the person may not see, is the portal's ordinary 404.
 */
export default async function UnavailableExportPage({ params }: { params: Promise<{ id: string }> }) {
  const id = z.uuid().safeParse((await params).id);
  if (!id.success) notFound();
  const user = await requireUser(`/exports/${id.data}/unavailable`);
  const decision = await authorizeDownload(getDb(), user.id, id.data).catch((e) => {
    if (isAppError(e) && e.code === "not_found") notFound();
    throw e;
  });
  const { row } = decision;
  const resubmit = <ResubmitForm id={row.id} organizationId={row.organizationId} tenantId={row.tenantId} />;
  const inTable = (label: string) => (
    <Button asChild variant="outline" className="self-start">
      <Link href={exportHref(row, row.id)}>{label}</Link>
    </Button>
  );

  let title: string;
  let body: ReactNode;
  if (decision.kind === "expired") {
    const expiredAt = row.expiresAt ?? row.completedAt;
    title = "This export has expired";
    body = (
      <>
        <p>
          Its file was kept until <time dateTime={expiredAt?.toISOString()}>{expiredAt ? expiredAt.toUTCString() : "its retention ended"}</time>{" "}
          {/* The sweep deletes files every few minutes; until it has, the file exists but is no longer served. */}
          {row.status === "expired" ? "and has been deleted." : "and is no longer available; it will be deleted shortly."} Resubmit the request to export the
          same data again.
        </p>
        {resubmit}
      </>
    );
  } else if (decision.kind === "ready") {
    const stored = await exportStorage().stat(decision.row.storageKey);
    if (stored) {
      title = "This export is ready";
      body = (
        <Button asChild className="self-start">
          <Link href={`/exports/${row.id}/download`} prefetch={false}>
            Download
          </Link>
        </Button>
      );
    } else {
      title = "This export's file is no longer available";
      body = (
        <>
          <p>The file was removed from storage before its retention ended. Resubmit the request to export the same data again.</p>
          {resubmit}
        </>
      );
    }
  } else if (row.status === "pending" || row.status === "running") {
    title = "This export is not ready yet";
    body = (
      <>
        <p>It is {row.status === "pending" ? "waiting for its turn" : "running"}. You will get an email with a download link when it is done.</p>
        {inTable("Follow it in the Data Export tab")}
      </>
    );
  } else {
    title = row.status === "failed" ? "This export failed" : "This export was cancelled";
    body = (
      <>
        <p>{row.status === "failed" && row.error ? row.error : "It has no file to download."}</p>
        {resubmit}
      </>
    );
  }

  return (
    <Card className="mx-auto mt-8 max-w-xl">
      <CardHeader>
        <CardTitle as="h1">{title}</CardTitle>
      </CardHeader>
      <CardContent className="flex flex-col gap-3 text-sm">
        <p>
          {realmsLabelOf(row)} · {row.scopeLabel} · {rangeInWords(row)} · {row.format.toUpperCase()}
        </p>
        {body}
      </CardContent>
    </Card>
  );
}

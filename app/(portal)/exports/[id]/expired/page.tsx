import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { getDb } from "@/db/client";
import { requireUser } from "@/lib/auth/session";
import { authorizeDownload } from "@/lib/downloads/authorize";
import { isAppError } from "@/lib/errors/app-error";
import { getRealm } from "@/lib/realms/catalog";
import { ResubmitForm } from "./resubmit-form";

export const metadata: Metadata = { title: "Export expired" };

const TITLES = {
  expired: "This export has expired",
  ready: "This export is still available",
  "not-ready": "This export has no file to download",
} as const;

export default async function ExpiredExportPage({ params }: { params: Promise<{ id: string }> }) {
  const id = z.uuid().safeParse((await params).id);
  if (!id.success) notFound();
  const user = await requireUser(`/exports/${id.data}/expired`);
  const decision = await authorizeDownload(getDb(), user.id, id.data).catch((e) => {
    if (isAppError(e) && e.code === "not_found") notFound();
    throw e;
  });
  const { row } = decision;
  const expiredAt = row.expiresAt ?? row.completedAt;
  return (
    <Card className="mx-auto mt-8 max-w-xl">
      <CardHeader>
        <CardTitle>{TITLES[decision.kind]}</CardTitle>
      </CardHeader>
      <CardContent className="flex flex-col gap-3 text-sm">
        <p>
          {getRealm(row.realm)?.label ?? row.realm} · {row.scopeLabel} · {row.dateFrom} to {row.dateTo} · {row.format.toUpperCase()}
        </p>
        {decision.kind === "expired" ? (
          <>
            <p>
              Its file was kept until{" "}
              <time dateTime={expiredAt?.toISOString()}>{expiredAt ? expiredAt.toUTCString() : "its retention ended"}</time> and has been deleted. Resubmit the
              request to export the same data again.
            </p>
            <ResubmitForm id={row.id} organizationId={row.organizationId} tenantId={row.tenantId} />
          </>
        ) : decision.kind === "ready" ? (
          <Button asChild>
            <Link href={`/exports/${row.id}/download`} prefetch={false}>
              Download
            </Link>
          </Button>
        ) : (
          <Button asChild variant="outline">
            <Link href="/exports">Back to exports</Link>
          </Button>
        )}
      </CardContent>
    </Card>
  );
}

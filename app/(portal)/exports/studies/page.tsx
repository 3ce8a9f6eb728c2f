import type { Metadata } from "next";
import Link from "next/link";
import { Card, CardContent } from "@/components/ui/card";
import { Alert } from "@/components/ui/misc";
import { listTenantProjects } from "@/db/queries/projects";
import { AppError } from "@/lib/errors/app-error";
import { can } from "@/lib/permissions/guard";
import { decodeAfter } from "@/lib/studies/paging";
import { studiesPage } from "@/lib/studies/service";
import { NewStudyForm } from "./_components/study-forms";
import { studyPageContext } from "./_lib/context";
import { studiesHref, studyHref } from "./_lib/hrefs";

export const metadata: Metadata = { title: "Research studies" };

/** The tenant's research studies by name, 25 a page. */
export default async function StudiesPage({ searchParams }: { searchParams: Promise<{ cursor?: string }> }) {
  const { db, actor, selected, tenant } = await studyPageContext("/exports/studies");
  const { cursor } = await searchParams;
  const page = await studiesPage(db, actor, { ...tenant, limit: 25, after: decodeAfter(cursor) }).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "forbidden") return null;
    throw error;
  });
  return (
    <div className="mx-auto flex w-full max-w-4xl flex-col gap-4">
      <div>
        <h1 className="text-xl font-semibold">Research studies</h1>
        <p className="text-sm text-slate-600">
          {selected.organizationName} / {selected.tenantName} · Export cohort and participant data scoped to a study.
        </p>
      </div>
      {!page ? (
        <Alert tone="info">You don&apos;t have permission to see research studies here. Ask an organization or tenant admin for studies.read.</Alert>
      ) : page.items.length === 0 ? (
        <Alert tone="info">This tenant has no research studies yet.</Alert>
      ) : (
        <Card>
          <CardContent className="p-0">
            <ul className="divide-y divide-slate-200" aria-label="Studies">
              {page.items.map((s) => (
                <li key={s.id} className="flex flex-col gap-0.5 px-4 py-3">
                  <Link href={studyHref(tenant, s.id)} className="font-medium text-indigo-700 underline underline-offset-2">
                    {s.name}
                  </Link>
                  <span className="text-sm text-slate-600">
                    {[s.projectName ? `Project ${s.projectName}` : null, s.deidentification ? "De-identified exports" : null, s.description]
                      .filter(Boolean)
                      .join(" · ")}
                  </span>
                </li>
              ))}
            </ul>
          </CardContent>
        </Card>
      )}
      {page && can(page.access, "studies.manage") ? (
        <Card>
          <CardContent className="pt-4">
            <NewStudyForm tenant={tenant} projects={(await listTenantProjects(db, tenant)).map((p) => ({ id: p.id, name: p.name }))} />
          </CardContent>
        </Card>
      ) : null}
      {page?.nextCursor ? (
        <Link href={studiesHref(tenant, `?cursor=${page.nextCursor}`)} className="self-end text-sm text-indigo-700 underline">
          Next page
        </Link>
      ) : null}
    </div>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { Card, CardContent } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Button } from "@/components/ui/button";
import { can } from "@/lib/permissions/guard";
import { decodeAfter } from "@/lib/studies/paging";
import { cohortOf, participantsPage } from "@/lib/studies/service";
import { MemberListEditor } from "../../../_components/member-list-editor";
import { CohortManage } from "../../../_components/cohort-manage";
import { StudyExportAction } from "../../../_components/study-export-action";
import { orNotFound, studyExportSetup, studyPageContext } from "../../../_lib/context";
import { cohortHref, studyHref } from "../../../_lib/hrefs";

export const metadata: Metadata = { title: "Cohort" };

type Props = { params: Promise<{ studyId: string; cohortId: string }>; searchParams: Promise<{ q?: string; cursor?: string }> };

/** A cohort's current members, searched and paged, each with its Export action; admins replace the member list. */
export default async function CohortPage({ params, searchParams }: Props) {
  const { studyId, cohortId } = await params;
  const { q = "", cursor } = await searchParams;
  const { db, actor, selected, tenant } = await studyPageContext(`/exports/studies/${encodeURIComponent(studyId)}/cohorts/${encodeURIComponent(cohortId)}`);
  const { access, study, cohort } = await orNotFound(cohortOf(db, actor, { ...tenant, studyId, cohortId }));
  const search = q.trim().slice(0, 100);
  const [page, setup] = await Promise.all([
    orNotFound(participantsPage(db, actor, { ...tenant, studyId, cohortId, search: search || undefined, limit: 25, after: decodeAfter(cursor) })),
    studyExportSetup(access, tenant.organizationId),
  ]);
  return (
    <div className="mx-auto flex w-full max-w-4xl flex-col gap-4">
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link href={studyHref(tenant, study.id)} className="text-indigo-700 underline underline-offset-2">
          ← {study.name}
        </Link>
      </nav>
      <div className="flex flex-wrap items-start gap-3">
        <div className="min-w-0 flex-1">
          <h1 className="text-xl font-semibold">Cohort {cohort.name}</h1>
          <p className="text-sm text-slate-600">
            {study.name} · {Number(cohort.members).toLocaleString("en-US")} current member{Number(cohort.members) === 1 ? "" : "s"}
          </p>
        </div>
        <StudyExportAction workspace={selected} setup={setup} study={study} target={{ type: "cohort", id: cohort.id, name: cohort.name }} />
      </div>
      <form role="search" className="flex gap-2" action={cohortHref(tenant, study.id, cohort.id)}>
        <label htmlFor="participant-search" className="sr-only">
          Search participant ids
        </label>
        <Input id="participant-search" name="q" defaultValue={search} placeholder="Search participant ids, e.g. P-0001" className="max-w-xs" />
        <Button type="submit" variant="outline">
          Search
        </Button>
      </form>
      <Card>
        <CardContent className="p-0">
          {page.items.length === 0 ? <p className="px-4 py-3 text-sm text-slate-600">{search ? "No member matches this search." : "No members yet."}</p> : null}
          <ul className="divide-y divide-slate-200" aria-label="Participants">
            {page.items.map((p) => (
              <li key={p.id} className="flex flex-wrap items-center gap-3 px-4 py-2">
                <div className="min-w-0 flex-1">
                  <span className="font-mono text-sm">{p.code}</span>
                  <p className="text-xs text-slate-600">{p.deviceIds.length ? `Devices ${p.deviceIds.join(", ")}` : "No devices linked"}</p>
                </div>
                <StudyExportAction workspace={selected} setup={setup} study={study} target={{ type: "participant", id: p.id, code: p.code }} />
              </li>
            ))}
          </ul>
        </CardContent>
      </Card>
      {page.nextCursor ? (
        <Link
          href={cohortHref(tenant, study.id, cohort.id, `?${new URLSearchParams({ ...(search ? { q: search } : {}), cursor: page.nextCursor }).toString()}`)}
          className="self-end text-sm text-indigo-700 underline"
        >
          Next page
        </Link>
      ) : null}
      {can(access, "studies.manage") ? (
        <Card>
          <CardContent className="pt-4">
            <MemberListEditor cohortRef={{ ...tenant, studyId: study.id, cohortId: cohort.id }} />
          </CardContent>
        </Card>
      ) : null}
      {can(access, "studies.manage") ? (
        <Card>
          <CardContent className="pt-4">
            <CohortManage
              key={`${cohort.name}:${Number(cohort.members)}`}
              cohortRef={{ ...tenant, studyId: study.id, cohortId: cohort.id }}
              cohort={{ name: cohort.name, members: Number(cohort.members) }}
            />
          </CardContent>
        </Card>
      ) : null}
    </div>
  );
}

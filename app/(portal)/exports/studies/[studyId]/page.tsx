import type { Metadata } from "next";
import Link from "next/link";
import { Card, CardContent } from "@/components/ui/card";
import { listTenantProjects } from "@/db/queries/projects";
import { can } from "@/lib/permissions/guard";
import { studyWithCohorts } from "@/lib/studies/service";
import { StudyExportAction } from "../_components/study-export-action";
import { NewCohortForm, StudySettingsForm } from "../_components/study-forms";
import { orNotFound, studyExportSetup, studyPageContext } from "../_lib/context";
import { cohortHref, studiesHref } from "../_lib/hrefs";

export const metadata: Metadata = { title: "Study" };

/** A study and its cohorts, each with its Export action. Another tenant's study, or one not readable, is 404. */
export default async function StudyPage({ params }: { params: Promise<{ studyId: string }> }) {
  const { studyId } = await params;
  const { db, actor, selected, tenant } = await studyPageContext(`/exports/studies/${encodeURIComponent(studyId)}`);
  const { access, study, cohorts } = await orNotFound(studyWithCohorts(db, actor, { ...tenant, studyId }));
  const setup = await studyExportSetup(access, tenant.organizationId);
  const manages = can(access, "studies.manage");
  const projects = manages ? (await listTenantProjects(db, tenant)).map((p) => ({ id: p.id, name: p.name })) : [];
  const studyRef = { ...tenant, studyId: study.id };
  return (
    <div className="mx-auto flex w-full max-w-4xl flex-col gap-4">
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link href={studiesHref(tenant)} className="text-indigo-700 underline underline-offset-2">
          ← Research studies
        </Link>
      </nav>
      <div>
        <h1 className="text-xl font-semibold">{study.name}</h1>
        <p className="text-sm text-slate-600">
          {[
            study.projectName ? `Project ${study.projectName}` : `Tenant ${selected.tenantName}`,
            study.deidentification ? "Exports are always de-identified" : null,
          ]
            .filter(Boolean)
            .join(" · ")}
        </p>
        {study.description ? <p className="mt-1 text-sm">{study.description}</p> : null}
      </div>
      <Card>
        <CardContent className="p-0">
          <h2 className="px-4 pt-3 text-sm font-semibold">Cohorts</h2>
          {cohorts.length === 0 ? <p className="px-4 py-3 text-sm text-slate-600">No cohorts yet.</p> : null}
          <ul className="divide-y divide-slate-200" aria-label="Cohorts">
            {cohorts.map((c) => (
              <li key={c.id} className="flex flex-wrap items-center gap-3 px-4 py-3">
                <div className="min-w-0 flex-1">
                  <Link href={cohortHref(tenant, study.id, c.id)} className="font-medium text-indigo-700 underline underline-offset-2">
                    {c.name}
                  </Link>
                  <p className="text-sm text-slate-600">
                    {Number(c.members).toLocaleString("en-US")} member{Number(c.members) === 1 ? "" : "s"}
                  </p>
                </div>
                <StudyExportAction workspace={selected} setup={setup} study={study} target={{ type: "cohort", id: c.id, name: c.name }} />
              </li>
            ))}
          </ul>
        </CardContent>
      </Card>
      {manages ? (
        <Card>
          <CardContent className="flex flex-col gap-6 pt-4">
            <NewCohortForm studyRef={studyRef} />
            <StudySettingsForm studyRef={studyRef} study={study} projects={projects} />
          </CardContent>
        </Card>
      ) : null}
    </div>
  );
}

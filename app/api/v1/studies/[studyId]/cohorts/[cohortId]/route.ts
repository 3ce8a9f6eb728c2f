import { getDb } from "@/db/client";
import { withProblems } from "@/app/_lib/problem";
import { deleteCohort, updateCohort } from "@/lib/studies/manage";
import { cohortOf, studyTenant } from "@/lib/studies/service";
import { requireApiActor } from "../../../../_lib/auth";
import { parseOrThrow } from "../../../../_lib/body";
import { cohortDeleteQuery, cohortParams } from "../../../../_lib/study-schemas";
import { cohortAnswer, locate, noStore, readObject } from "../../../../_lib/study-writes";
import { cohortView } from "../../../../_lib/study-views";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ studyId: string; cohortId: string }> };

/** GET /api/v1/studies/{studyId}/cohorts/{cohortId} — one cohort of a study. */
export async function GET(request: Request, { params }: Params) {
  return withProblems(request, async () => {
    const actor = await requireApiActor(request);
    const p = parseOrThrow(cohortParams, await params);
    const db = getDb();
    const { cohort } = await cohortOf(db, actor, { ...(await studyTenant(db, p.studyId, "Cohort not found")), ...p });
    return Response.json(cohortView(p.studyId, cohort), { headers: { "Cache-Control": "no-store" } });
  });
}

/** PATCH /api/v1/studies/{studyId}/cohorts/{cohortId} — rename a cohort or change its description. */
export async function PATCH(request: Request, { params }: Params) {
  return withProblems(request, async () => {
    const actor = await requireApiActor(request);
    const p = parseOrThrow(cohortParams, await params);
    const body = await readObject(request, 'what to change as a JSON object, e.g. {"name": "Week 12"}');
    const q = { ...(await locate(p.studyId, "Cohort not found")), studyId: p.studyId };
    await updateCohort(getDb(), actor, { ...q, cohortId: p.cohortId }, body);
    return Response.json(await cohortAnswer(actor, q, p.cohortId), { headers: noStore });
  });
}

/** DELETE /api/v1/studies/{studyId}/cohorts/{cohortId}?confirm=true — delete a cohort; one with members only with confirm=true. */
export async function DELETE(request: Request, { params }: Params) {
  return withProblems(request, async () => {
    const actor = await requireApiActor(request);
    const p = parseOrThrow(cohortParams, await params);
    const { confirm } = parseOrThrow(cohortDeleteQuery, Object.fromEntries(new URL(request.url).searchParams));
    const q = { ...(await locate(p.studyId, "Cohort not found")), ...p };
    await deleteCohort(getDb(), actor, q, confirm === "true");
    return new Response(null, { status: 204, headers: noStore });
  });
}

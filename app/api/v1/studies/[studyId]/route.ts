import { getDb } from "@/db/client";
import { withProblems } from "@/app/_lib/problem";
import { updateStudy } from "@/lib/studies/manage";
import { studyTenant, studyWithCohorts } from "@/lib/studies/service";
import { requireApiActor } from "../../_lib/auth";
import { parseOrThrow } from "../../_lib/body";
import { studyParams } from "../../_lib/study-schemas";
import { cohortView, studyView } from "../../_lib/study-views";
import { locate, noStore, readObject, studyAnswer } from "../../_lib/study-writes";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ studyId: string }> };

/** GET /api/v1/studies/{studyId} — one study with its cohorts and their member counts. */
export async function GET(request: Request, { params }: Params) {
  return withProblems(request, async () => {
    const actor = await requireApiActor(request);
    const { studyId } = parseOrThrow(studyParams, await params);
    const db = getDb();
    const { study, cohorts } = await studyWithCohorts(db, actor, { ...(await studyTenant(db, studyId, "Study not found")), studyId });
    return Response.json({ ...studyView(study), cohorts: cohorts.map((c) => cohortView(study.id, c)) }, { headers: { "Cache-Control": "no-store" } });
  });
}

/** PATCH /api/v1/studies/{studyId} — rename a study, change its project or description, set or clear its de-identification profile. */
export async function PATCH(request: Request, { params }: Params) {
  return withProblems(request, async () => {
    const actor = await requireApiActor(request);
    const { studyId } = parseOrThrow(studyParams, await params);
    const body = await readObject(request, 'what to change as a JSON object, e.g. {"name": "…"} or {"deidentification": null}');
    const q = { ...(await locate(studyId, "Study not found")), studyId };
    await updateStudy(getDb(), actor, q, body);
    return Response.json(await studyAnswer(actor, q), { headers: noStore });
  });
}

import { getDb } from "@/db/client";
import { withProblems } from "@/app/_lib/problem";
import { createCohort } from "@/lib/studies/manage";
import { requireApiActor } from "../../../_lib/auth";
import { parseOrThrow } from "../../../_lib/body";
import { studyParams } from "../../../_lib/study-schemas";
import { cohortAnswer, locate, noStore, readObject } from "../../../_lib/study-writes";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ studyId: string }> };

/** POST /api/v1/studies/{studyId}/cohorts — a new, empty cohort of the study (studies.manage). */
export async function POST(request: Request, { params }: Params) {
  return withProblems(request, async () => {
    const actor = await requireApiActor(request);
    const { studyId } = parseOrThrow(studyParams, await params);
    const body = await readObject(request, 'the cohort as a JSON object, e.g. {"name": "Baseline"}');
    const q = { ...(await locate(studyId, "Study not found")), studyId };
    const { id } = await createCohort(getDb(), actor, q, body);
    return Response.json(await cohortAnswer(actor, q, id), { status: 201, headers: { ...noStore, Location: `/api/v1/studies/${studyId}/cohorts/${id}` } });
  });
}

import { getDb } from "@/db/client";
import { withProblems } from "@/app/_lib/problem";
import { cohortOf, studyTenant } from "@/lib/studies/service";
import { requireApiActor } from "../../../../_lib/auth";
import { parseOrThrow } from "../../../../_lib/body";
import { cohortParams } from "../../../../_lib/study-schemas";
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

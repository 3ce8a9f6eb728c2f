import { getDb } from "@/db/client";
import { withProblems } from "@/app/_lib/problem";
import { saveMemberList } from "@/lib/studies/members";
import { requireApiActor } from "../../../../../_lib/auth";
import { parseOrThrow } from "../../../../../_lib/body";
import { cohortParams, memberListBody } from "../../../../../_lib/study-schemas";
import { locate, noStore, readObject } from "../../../../../_lib/study-writes";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ studyId: string; cohortId: string }> };

/**
 * PUT /api/v1/studies/{studyId}/cohorts/{cohortId}/members — the cohort's member list replaced by these
 * participant ids; ids that are no participant of the study are listed back (422) unless leaveOutUnknown.
 */
export async function PUT(request: Request, { params }: Params) {
  return withProblems(request, async () => {
    const actor = await requireApiActor(request);
    const p = parseOrThrow(cohortParams, await params);
    const body = parseOrThrow(memberListBody, await readObject(request, 'the member list as a JSON object, e.g. {"participantIds": ["P-00012"]}'));
    const q = { ...(await locate(p.studyId, "Cohort not found")), ...p };
    const saved = await saveMemberList(getDb(), actor, q, body.participantIds, body.leaveOutUnknown);
    return Response.json(saved, { headers: noStore });
  });
}

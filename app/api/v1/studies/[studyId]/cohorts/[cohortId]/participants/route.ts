import { getDb } from "@/db/client";
import { withProblems } from "@/app/_lib/problem";
import { decodeAfter } from "@/lib/studies/paging";
import { participantsPage, studyTenant } from "@/lib/studies/service";
import { requireApiActor } from "../../../../../_lib/auth";
import { parseOrThrow } from "../../../../../_lib/body";
import { cohortParams, participantListQuery } from "../../../../../_lib/study-schemas";
import { participantView } from "../../../../../_lib/study-views";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ studyId: string; cohortId: string }> };

/** GET /api/v1/studies/{studyId}/cohorts/{cohortId}/participants — a cohort's current members by participant id, paged. */
export async function GET(request: Request, { params }: Params) {
  return withProblems(request, async () => {
    const actor = await requireApiActor(request);
    const p = parseOrThrow(cohortParams, await params);
    const q = parseOrThrow(participantListQuery, Object.fromEntries(new URL(request.url).searchParams));
    const db = getDb();
    const tenant = await studyTenant(db, p.studyId, "Cohort not found");
    const page = await participantsPage(db, actor, { ...tenant, ...p, search: q.q || undefined, limit: q.limit, after: decodeAfter(q.cursor) });
    return Response.json({ items: page.items.map(participantView), nextCursor: page.nextCursor }, { headers: { "Cache-Control": "no-store" } });
  });
}

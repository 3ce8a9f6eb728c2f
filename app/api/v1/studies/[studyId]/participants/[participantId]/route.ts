import { getDb } from "@/db/client";
import { withProblems } from "@/app/_lib/problem";
import { participantOf, studyTenant } from "@/lib/studies/service";
import { requireApiActor } from "../../../../_lib/auth";
import { parseOrThrow } from "../../../../_lib/body";
import { participantParams } from "../../../../_lib/study-schemas";
import { participantView } from "../../../../_lib/study-views";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ studyId: string; participantId: string }> };

/** GET /api/v1/studies/{studyId}/participants/{participantId} — one participant with its devices. */
export async function GET(request: Request, { params }: Params) {
  return withProblems(request, async () => {
    const actor = await requireApiActor(request);
    const p = parseOrThrow(participantParams, await params);
    const db = getDb();
    const participant = await participantOf(db, actor, { ...(await studyTenant(db, p.studyId, "Participant not found")), ...p });
    return Response.json(participantView(participant), { headers: { "Cache-Control": "no-store" } });
  });
}

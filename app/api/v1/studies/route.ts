import { getDb } from "@/db/client";
import { withProblems } from "@/app/_lib/problem";
import { decodeAfter } from "@/lib/studies/paging";
import { createStudy } from "@/lib/studies/manage";
import { studiesPage } from "@/lib/studies/service";
import { requireApiActor } from "../_lib/auth";
import { organizationFor, parseOrThrow } from "../_lib/body";
import { studyListQuery, studyTenantBody } from "../_lib/study-schemas";
import { noStore, readObject, studyAnswer } from "../_lib/study-writes";
import { studyView } from "../_lib/study-views";

export const dynamic = "force-dynamic";

/** GET /api/v1/studies — one tenant's research studies by name, paged. */
export async function GET(request: Request) {
  return withProblems(request, async () => {
    const actor = await requireApiActor(request);
    const q = parseOrThrow(studyListQuery, Object.fromEntries(new URL(request.url).searchParams));
    const organizationId = await organizationFor(q.organizationId, q.tenantId);
    const page = await studiesPage(getDb(), actor, { organizationId, tenantId: q.tenantId, limit: q.limit, after: decodeAfter(q.cursor) });
    return Response.json({ items: page.items.map(studyView), nextCursor: page.nextCursor }, { headers: { "Cache-Control": "no-store" } });
  });
}

/** POST /api/v1/studies — a new study of the tenant (studies.manage). */
export async function POST(request: Request) {
  return withProblems(request, async () => {
    const actor = await requireApiActor(request);
    const body = await readObject(request, 'the study as a JSON object, e.g. {"tenantId": "…", "name": "Sleep and metabolism"}');
    const { organizationId: given, tenantId, ...rest } = parseOrThrow(studyTenantBody, body);
    const q = { organizationId: await organizationFor(given, tenantId), tenantId };
    const { id } = await createStudy(getDb(), actor, q, rest);
    return Response.json(await studyAnswer(actor, { ...q, studyId: id }), { status: 201, headers: { ...noStore, Location: `/api/v1/studies/${id}` } });
  });
}

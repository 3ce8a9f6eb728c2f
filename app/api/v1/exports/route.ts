import { getDb } from "@/db/client";
import { exportDeps } from "@/app/_lib/export-deps";
import { checkDraft, listTenantExports, queueExport } from "@/lib/export-requests/service";
import { decodeCursor, encodeCursor } from "@/lib/pagination/cursor";
import { requireApiActor } from "../_lib/auth";
import { organizationFor, parseOrThrow, readExportBody } from "../_lib/body";
import { createdExportResponse, toApiExportView } from "../_lib/export-ref";
import { listQuery } from "../_lib/schemas";
import { withProblems } from "@/app/_lib/problem";

export const dynamic = "force-dynamic";

/** GET /api/v1/exports — one tenant's exports, newest (or oldest) first, keyset-paged, optionally filtered by status, realm, requester and name. */
export async function GET(request: Request) {
  return withProblems(request, async () => {
    const actor = await requireApiActor(request);
    const { status, requester, q: search, ...q } = parseOrThrow(listQuery, Object.fromEntries(new URL(request.url).searchParams));
    const organizationId = await organizationFor(q.organizationId, q.tenantId);
    const now = new Date();
    const page = await listTenantExports({ db: getDb() }, actor, {
      ...q,
      statuses: status,
      requesterEmail: requester,
      search: search || undefined,
      realm: q.realm || undefined,
      organizationId,
      cursor: decodeCursor(q.cursor, "The cursor is not valid; start again from the first page"),
    });
    return Response.json(
      { items: page.items.map((row) => toApiExportView(row, page.access, now)), nextCursor: encodeCursor(page.nextCursor) },
      { headers: { "Cache-Control": "no-store" } },
    );
  });
}

/**
 * POST /api/v1/exports — queues an export; 202 with the export and its Location, or 200 with the caller's
 * identical export still pending or running (`reused: true`, `X-Export-Reused: true`).
 */
export async function POST(request: Request) {
  return withProblems(request, async () => {
    const actor = await requireApiActor(request);
    const { organizationId, body } = await readExportBody(request);
    const deps = exportDeps();
    const draft = await checkDraft(deps.db, actor, organizationId, body);
    return createdExportResponse(await queueExport(deps, actor, draft), draft.access);
  });
}

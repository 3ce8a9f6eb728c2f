import { exportDeps } from "@/app/_lib/export-deps";
import { checkDraft, queueExport } from "@/lib/export-requests/service";
import { requireApiActor } from "../v1/_lib/auth";
import { organizationFor } from "../v1/_lib/body";
import { readJobBody, toJob, withJobErrors } from "./_lib/job";

export const dynamic = "force-dynamic";

/**
 * POST /api/analytics-export-job — requests a Parquet export of the tenant's analytics events between two
 * days (seed 002). The same checks and queue as POST /api/v1/exports; an identical job of the caller's
 * still queued or processing is answered again (200) instead of queued twice.
 */
export async function POST(request: Request) {
  return withJobErrors(async () => {
    const actor = await requireApiActor(request);
    const { tenantId, exportRequest } = await readJobBody(request);
    const deps = exportDeps();
    const draft = await checkDraft(deps.db, actor, await organizationFor(undefined, tenantId), exportRequest);
    const { reused, ...row } = await queueExport(deps, actor, draft);
    return Response.json(toJob(row, draft.access), {
      status: reused ? 200 : 201,
      headers: { Location: `/api/analytics-export-job/${row.id}`, "Cache-Control": "no-store" },
    });
  });
}

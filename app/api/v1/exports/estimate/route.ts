import { getDb, getWarehouseSql } from "@/db/client";
import { estimateRealms } from "@/lib/export-requests/realms";
import { requireApiActor } from "../../_lib/auth";
import { readExportBody } from "../../_lib/body";
import { checkDraft } from "@/lib/export-requests/service";
import { withProblems } from "@/app/_lib/problem";
import { newestCheckpoint } from "@/db/queries/checkpoints";
import { countedNow } from "@/lib/export-checkpoints/since";
import { streamHash } from "@/lib/export-checkpoints/stream";

export const dynamic = "force-dynamic";

/**
 * POST /api/v1/exports/estimate — how many rows an export request would produce, without queuing it,
 * and the organization's limit the server will hold it to.
 */
export async function POST(request: Request) {
  return withProblems(request, async () => {
    const actor = await requireApiActor(request);
    const { organizationId, body } = await readExportBody(request);
    const { request: draft, limits } = await checkDraft(getDb(), actor, organizationId, body);
    // With several realms the rows are their sum, the limit's measure; byRealm shows each.
    // An incremental draft counts only what arrived since its checkpoint; the stream's newest one is offered either way.
    const estimate = await estimateRealms(getWarehouseSql(), await countedNow(getWarehouseSql(), draft));
    const newest = await newestCheckpoint(getDb(), { tenantId: draft.tenantId, streamHash: streamHash(draft) });
    return Response.json(
      {
        rows: estimate.rows,
        exact: estimate.exact,
        byRealm: estimate.byRealm,
        maxRowsPerExport: limits.maxRowsPerExport,
        overLimit: estimate.rows > limits.maxRowsPerExport,
        checkpoint: newest ? { exportId: newest.id, name: newest.name, completedAt: newest.completedAt?.toISOString() ?? null } : null,
      },
      { headers: { "Cache-Control": "no-store" } },
    );
  });
}

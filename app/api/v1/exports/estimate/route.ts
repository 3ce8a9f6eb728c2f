import { getDb, getWarehouseSql } from "@/db/client";
import { estimateRows } from "@/lib/exports";
import { requireApiActor } from "../../_lib/auth";
import { readExportBody } from "../../_lib/body";
import { checkDraft } from "@/lib/export-requests/service";
import { withProblems } from "@/app/_lib/problem";

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
    const estimate = await estimateRows(getWarehouseSql(), draft);
    return Response.json(
      { rows: estimate.rows, exact: estimate.exact, maxRowsPerExport: limits.maxRowsPerExport, overLimit: estimate.rows > limits.maxRowsPerExport },
      { headers: { "Cache-Control": "no-store" } },
    );
  });
}

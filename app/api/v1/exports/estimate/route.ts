import { getDb, getWarehouseSql } from "@/db/client";
import { estimateRealms } from "@/lib/export-requests/realms";
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
    // With several realms the rows are their sum, the limit's measure; byRealm shows each.
    const estimate = await estimateRealms(getWarehouseSql(), draft);
    return Response.json(
      {
        rows: estimate.rows,
        exact: estimate.exact,
        byRealm: estimate.byRealm,
        maxRowsPerExport: limits.maxRowsPerExport,
        overLimit: estimate.rows > limits.maxRowsPerExport,
      },
      { headers: { "Cache-Control": "no-store" } },
    );
  });
}

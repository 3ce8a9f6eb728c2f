import { exportDeps } from "@/app/_lib/export-deps";
import { withProblems } from "@/app/_lib/problem";
import { cancelFound } from "@/lib/export-requests/service";
import { requireApiActor } from "../../../_lib/auth";
import { apiViewOf, requireVisibleExport } from "../../../_lib/export-ref";

export const dynamic = "force-dynamic";

/** POST /api/v1/exports/{id}/cancel — stops a pending or running export; 409 once it has ended. */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return withProblems(request, async () => {
    const actor = await requireApiActor(request);
    const found = await requireVisibleExport(actor, params);
    const row = await cancelFound(exportDeps(), actor, found);
    return Response.json(await apiViewOf(row, found.access), { headers: { "Cache-Control": "no-store" } });
  });
}

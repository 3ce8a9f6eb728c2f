import { exportDeps } from "@/app/_lib/export-deps";
import { withProblems } from "@/app/_lib/problem";
import { queueExport, resubmitDraft } from "@/lib/export-requests/service";
import { requireApiActor } from "../../../_lib/auth";
import { createdExportResponse, requireVisibleExport } from "../../../_lib/export-ref";

export const dynamic = "force-dynamic";

/** POST /api/v1/exports/{id}/resubmit — a new export with the same request as a failed, cancelled or expired one, or one whose file is gone. */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return withProblems(request, async () => {
    const actor = await requireApiActor(request);
    const deps = exportDeps();
    const draft = await resubmitDraft(deps, actor, await requireVisibleExport(actor, params));
    return createdExportResponse(await queueExport(deps, actor, draft), draft.access);
  });
}

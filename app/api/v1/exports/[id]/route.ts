import { exportDeps } from "@/app/_lib/export-deps";
import { withProblems } from "@/app/_lib/problem";
import { deleteFound } from "@/lib/export-requests/service";
import { requireApiActor } from "../../_lib/auth";
import { apiViewOf, requireVisibleExport } from "../../_lib/export-ref";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ id: string }> };

/** GET /api/v1/exports/{id} — one export: status, progress, size, checksum, expiry and where to download it. */
export async function GET(request: Request, { params }: Params) {
  return withProblems(request, async () => {
    const actor = await requireApiActor(request);
    const { row, access, requester } = await requireVisibleExport(actor, params);
    return Response.json(await apiViewOf(row, access, requester), { headers: { "Cache-Control": "no-store" } });
  });
}

/** DELETE /api/v1/exports/{id} — removes the export from the list (cancelling it if active) and deletes its file. */
export async function DELETE(request: Request, { params }: Params) {
  return withProblems(request, async () => {
    const actor = await requireApiActor(request);
    await deleteFound(exportDeps(), actor, await requireVisibleExport(actor, params));
    return new Response(null, { status: 204, headers: { "Cache-Control": "no-store" } });
  });
}

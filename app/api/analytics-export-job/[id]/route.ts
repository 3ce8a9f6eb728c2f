import { requireApiActor } from "../../v1/_lib/auth";
import { requireVisibleExport } from "../../v1/_lib/export-ref";
import { toJob, withJobErrors } from "../_lib/job";

export const dynamic = "force-dynamic";

/** GET /api/analytics-export-job/{id} — one job; an id of another organization or tenant is "not found" like a made-up one. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return withJobErrors(async () => {
    const actor = await requireApiActor(request);
    const { row, access } = await requireVisibleExport(actor, params);
    return Response.json(toJob(row, access), { headers: { "Cache-Control": "no-store" } });
  });
}

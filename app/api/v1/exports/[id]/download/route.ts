import { apiDownload } from "../../../_lib/download";

export const dynamic = "force-dynamic";

/** GET /api/v1/exports/{id}/download — the archive (Range, ETag) or a redirect to a presigned URL. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return apiDownload(request, (await params).id);
}

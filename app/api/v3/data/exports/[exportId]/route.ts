import { apiDownload } from "../../../../v1/_lib/download";

export const dynamic = "force-dynamic";

/**
 * GET /api/v3/data/exports/{exportId} — an export's archive at the address the Obelisk catalog uses; the
 * same download as /api/v1/exports/{id}/download, with access checked again now.
 */
export async function GET(request: Request, { params }: { params: Promise<{ exportId: string }> }) {
  return apiDownload(request, (await params).exportId);
}

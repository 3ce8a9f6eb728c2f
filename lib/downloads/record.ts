import type { Db } from "@/db/client";
import { recordDownload } from "@/db/queries/exports";
import type { ExportRow } from "@/db/schema";
import { recordAudit, type RequestContext } from "../audit/record";

/** Audits one download response; a response that starts at byte 0 also counts as a download. */
export async function auditDownload(
  db: Db,
  q: { row: ExportRow; userId: string; context: RequestContext; bytesServed: number; range: { start: number; end: number } | null },
) {
  await db.transaction(async (tx) => {
    if (!q.range || q.range.start === 0) await recordDownload(tx, q.row.id);
    await recordAudit(tx, {
      organizationId: q.row.organizationId,
      tenantId: q.row.tenantId,
      actorUserId: q.userId,
      action: "export.downloaded",
      exportId: q.row.id,
      context: q.context,
      bytesServed: q.bytesServed,
      details: q.range ? { range: `${q.range.start}-${q.range.end}` } : undefined,
    });
  });
}

import { and, desc, eq } from "drizzle-orm";
import type { Db } from "../client";
import { auditEvents, users } from "../schema";

export interface ExportDownload {
  at: Date;
  email: string | null;
  name: string | null;
  viaToken: boolean;
  bytesServed: number | null;
}

/** The downloads of one export, newest first, as its audit trail recorded them (at most `limit`). */
export async function listExportDownloads(db: Db, q: { organizationId: string; exportId: string; limit?: number }): Promise<ExportDownload[]> {
  const rows = await db
    .select({ at: auditEvents.createdAt, email: users.email, name: users.name, tokenId: auditEvents.actorTokenId, bytesServed: auditEvents.bytesServed })
    .from(auditEvents)
    .leftJoin(users, eq(users.id, auditEvents.actorUserId))
    .where(and(eq(auditEvents.organizationId, q.organizationId), eq(auditEvents.exportId, q.exportId), eq(auditEvents.action, "export.downloaded")))
    .orderBy(desc(auditEvents.createdAt))
    .limit(q.limit ?? 50);
  return rows.map((r) => ({ at: r.at, email: r.email, name: r.name, viaToken: r.tokenId !== null, bytesServed: r.bytesServed }));
}

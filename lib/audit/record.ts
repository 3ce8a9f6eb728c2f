import type { Db } from "@/db/client";
import { auditEvents } from "@/db/schema";

export type AuditAction =
  | "export.requested"
  | "export.cancelled"
  | "export.deleted"
  | "export.resubmitted"
  | "export.downloaded"
  | "token.created"
  | "token.revoked"
  | "member.added"
  | "member.updated"
  | "member.removed"
  | "role.updated"
  | "settings.updated"
  | "webhook.created"
  | "webhook.deleted"
  | "webhook.rotated"
  | "webhook.enabled"
  | "study.created"
  | "study.updated"
  | "cohort.created"
  | "cohort.updated"
  | "cohort.deleted"
  | "cohort.members_replaced";

export interface RequestContext {
  ip: string | null;
  userAgent: string | null;
  /** The API token the request came with, so every audit event of a token call names the token. */
  tokenId?: string | null;
}

type Tx = Pick<Db, "insert">;

/** Writes one audit event; pass the transaction that makes the change so both land or neither does. */
export async function recordAudit(
  tx: Tx,
  event: {
    organizationId: string;
    tenantId: string | null;
    actorUserId: string | null;
    action: AuditAction;
    exportId?: string | null;
    context?: RequestContext;
    bytesServed?: number | null;
    details?: Record<string, unknown>;
  },
) {
  await tx.insert(auditEvents).values({
    organizationId: event.organizationId,
    tenantId: event.tenantId,
    actorUserId: event.actorUserId,
    actorTokenId: event.context?.tokenId ?? null,
    action: event.action,
    exportId: event.exportId ?? null,
    ipAddress: event.context?.ip ?? null,
    userAgent: event.context?.userAgent?.slice(0, 500) ?? null,
    bytesServed: event.bytesServed ?? null,
    details: event.details ?? null,
  });
}

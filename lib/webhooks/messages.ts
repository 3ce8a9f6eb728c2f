import type { Db } from "@/db/client";
import { getExportById } from "@/db/queries/exports";
import { insertDeliveries, subscribedEndpoints } from "@/db/queries/webhooks";
import type { WebhookEventType } from "@/db/schema";
import { realmsOfRow } from "../export-requests/request";

/** A message as it goes out (the Standard Webhooks payload shape: type, timestamp, data). */
export interface WebhookMessage {
  organizationId: string;
  event: WebhookEventType;
  /** The `webhook-id`: one per message, the same for every endpoint and attempt. */
  webhookId: string;
  payload: { type: WebhookEventType; timestamp: string; data: Record<string, unknown> };
}

/**
 * The message of an export that completed or failed. Thin on purpose: ids, status, counts and links to
 * the export's page and its API resource. Never a download link (a presigned URL is a credential) nor any
 * secret; a receiver that wants the file asks the API with its own token.
 */
export async function exportMessage(db: Db, exportId: string, event: "export.completed" | "export.failed", appUrl: string): Promise<WebhookMessage | null> {
  const row = await getExportById(db, exportId);
  if (!row) return null;
  const data: Record<string, unknown> = {
    exportId: row.id,
    organizationId: row.organizationId,
    tenantId: row.tenantId,
    name: row.name,
    status: row.status,
    format: row.format,
    realms: realmsOfRow(row).map((r) => r.realm),
    rowCount: row.rowCount,
    rowsByRealm: row.rowsByRealm,
    sizeBytes: row.sizeBytes,
    completedAt: row.completedAt?.toISOString() ?? null,
    links: { export: `${appUrl}/exports?export=${row.id}`, api: `${appUrl}/api/v1/exports/${row.id}` },
  };
  if (event === "export.failed") data.error = row.error;
  return {
    organizationId: row.organizationId,
    event,
    webhookId: `msg_${event.replace(".", "_")}_${row.id}`,
    payload: { type: event, timestamp: (row.completedAt ?? row.updatedAt).toISOString(), data },
  };
}

/** Makes one delivery per endpoint of the organization that takes the event; returns their ids and rounds. */
export async function recordDeliveries(db: Db, message: WebhookMessage) {
  const endpoints = await subscribedEndpoints(db, message.organizationId, message.event);
  return insertDeliveries(
    db,
    endpoints.map((e) => e.id),
    { event: message.event, webhookId: message.webhookId, payload: message.payload },
  );
}

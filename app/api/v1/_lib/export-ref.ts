import "server-only";
import { getDb } from "@/db/client";
import { findVisibleExport, queuePositionOf } from "@/db/queries/exports";
import { getUserContact } from "@/db/queries/users";
import type { ExportRow } from "@/db/schema";
import { AppError, isAppError } from "@/lib/errors/app-error";
import { getTenantExport, type CreatedExport } from "@/lib/export-requests/service";
import { resolveAccess } from "@/lib/permissions/guard";
import type { ApiActor } from "./auth";
import { toExportView, type ExportView } from "./export-view";
import { exportIdParam } from "./schemas";

export interface ExportRef {
  organizationId: string;
  tenantId: string;
  id: string;
}

const notFound = () => AppError.notFound("Export not found");

/**
 * The export an id-addressed route acts on, after the caller's read access to it (narrowed to their token)
 * is checked. Every refusal reads "Export not found", so a foreign id and a made-up one look the same, and
 * both are refused by the same single query (findVisibleExport), so they take the same time too; the
 * route's own service call then checks what it needs beyond reading.
 */
export async function requireVisibleExport(actor: ApiActor, params: Promise<{ id: string }>): Promise<{ ref: ExportRef; row: ExportRow }> {
  const parsed = exportIdParam.safeParse(await params);
  if (!parsed.success) throw notFound();
  const db = getDb();
  const found = await findVisibleExport(db, { userId: actor.userId, id: parsed.data.id, within: actor.restrict });
  if (!found) throw notFound();
  const ref = { organizationId: found.organizationId, tenantId: found.tenantId, id: found.id };
  try {
    const { row } = await getTenantExport({ db }, actor, ref);
    return { ref, row };
  } catch (error) {
    if (isAppError(error) && error.code === "not_found") throw notFound();
    throw error;
  }
}

export interface ApiExportView extends ExportView {
  /** 0..1: how far the export is, from rows written against the estimate; null once it ended without a file. */
  progress: number | null;
}

export function progressOf(e: Pick<ExportView, "status" | "rowsProcessed" | "rowsEstimate">): number | null {
  if (e.status === "done" || e.status === "expired") return 1;
  if (e.status === "pending") return 0;
  if (e.status !== "running") return null;
  // The estimate can be low; never claim "finished" before the run says so.
  return e.rowsEstimate ? Math.min(0.99, Math.floor((e.rowsProcessed / e.rowsEstimate) * 100) / 100) : 0;
}

export function toApiExportView(...args: Parameters<typeof toExportView>): ApiExportView {
  const view = toExportView(...args);
  return { ...view, progress: progressOf(view) };
}

/** An export as the API returns it to this caller: what they may do to it follows their (token's) access now. */
export async function apiViewOf(actor: ApiActor, row: ExportRow): Promise<ApiExportView> {
  const db = getDb();
  const [access, requester, queuePosition] = await Promise.all([
    resolveAccess(db, { userId: actor.userId, organizationId: row.organizationId, tenantId: row.tenantId }, actor.restrict),
    getUserContact(db, row.requestedBy),
    // The same count the list makes, so one export reads the same in both.
    row.status === "pending" ? queuePositionOf(db, row.id) : null,
  ]);
  if (!access) throw notFound();
  return toApiExportView({ ...row, requestedByEmail: requester?.email ?? "", requestedByName: requester?.name ?? null, queuePosition }, access);
}

/**
 * The answer to a request that queues an export: 202 for a new one; 200 with `reused: true` and
 * `X-Export-Reused: true` when an identical request of the caller's was still pending or running.
 */
export async function createdExportResponse(actor: ApiActor, created: CreatedExport): Promise<Response> {
  const { reused, ...row } = created;
  return Response.json(
    { ...(await apiViewOf(actor, row)), reused },
    { status: reused ? 200 : 202, headers: { Location: `/api/v1/exports/${row.id}`, "X-Export-Reused": String(reused), "Cache-Control": "no-store" } },
  );
}

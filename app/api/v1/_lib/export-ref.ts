import "server-only";
import { getDb } from "@/db/client";
import { findVisibleExportWithRequester } from "@/db/queries/exports";
import type { ExportRow } from "@/db/schema";
import { AppError, isAppError } from "@/lib/errors/app-error";
import type { CreatedExport, ExportRef, FoundExport } from "@/lib/export-requests/service";
import { toExportView, viewOfExport, type ExportView } from "@/lib/export-requests/view";
import type { Actor } from "@/lib/permissions/actor";
import { requireAccess, type Access } from "@/lib/permissions/guard";
import { exportIdParam } from "./schemas";

const notFound = () => AppError.notFound("Export not found");

/** Who asked for an export, as its answer shows them; null when that user is gone. */
type Requester = { email: string; name: string | null } | null;

/**
 * The export an id-addressed route acts on, after the caller's read access to it (narrowed to their token)
 * is checked. Every refusal reads "Export not found", so a foreign id and a made-up one look the same, and
 * both are refused by the same single query (findVisibleExport), so they take the same time too; the
 * route's own service call then checks what it needs beyond reading, with the access resolved here.
 */
export async function requireVisibleExport(actor: Actor, params: Promise<{ id: string }>): Promise<FoundExport & { ref: ExportRef; requester: Requester }> {
  const parsed = exportIdParam.safeParse(await params);
  if (!parsed.success) throw notFound();
  const db = getDb();
  const visible = await findVisibleExportWithRequester(db, { userId: actor.userId, id: parsed.data.id, within: actor.restrict });
  if (!visible) throw notFound();
  const { row: found, requester } = visible;
  const ref = { organizationId: found.organizationId, tenantId: found.tenantId, id: found.id };
  try {
    // The row found is the export itself: only the caller's access there (narrowed to the token) is still to
    // resolve, and for a tenant token it was read with the token on this same request (Actor.ownerAccess).
    const access = await requireAccess(
      db,
      { userId: actor.userId, organizationId: ref.organizationId, tenantId: ref.tenantId },
      "data.exports.read",
      actor.restrict,
      actor.ownerAccess,
    );
    return { ref, access, row: found, requester };
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

const withProgress = (view: ExportView): ApiExportView => ({ ...view, progress: progressOf(view) });

export function toApiExportView(...args: Parameters<typeof toExportView>): ApiExportView {
  return withProgress(toExportView(...args));
}

/**
 * An export as the API returns it: what the caller may do to it follows the (token's) access its guard
 * resolved. `requester`, when the caller already read it with the export, saves reading it again.
 */
export async function apiViewOf(row: ExportRow, access: Access, requester?: Requester): Promise<ApiExportView> {
  return withProgress(await viewOfExport(getDb(), row, access, requester ?? undefined));
}

/**
 * The answer to a request that queues an export: 202 for a new one; 200 with `reused: true` and
 * `X-Export-Reused: true` when an identical request of the caller's was still pending or running.
 */
export async function createdExportResponse(created: CreatedExport, access: Access): Promise<Response> {
  const { reused, ...row } = created;
  return Response.json(
    { ...(await apiViewOf(row, access)), reused },
    { status: reused ? 200 : 202, headers: { Location: `/api/v1/exports/${row.id}`, "X-Export-Reused": String(reused), "Cache-Control": "no-store" } },
  );
}

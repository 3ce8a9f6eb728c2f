"use server";

import { z } from "zod";
import { toActionResult, type ActionResult } from "@/lib/errors/action-result";
import { exportDeps } from "@/app/_lib/export-deps";
import { requestContext } from "@/app/_lib/request-context";
import { toExportView, type ExportView } from "@/app/api/v1/_lib/export-view";
import { queuePositionOf } from "@/db/queries/exports";
import { requireUser } from "@/app/_lib/session";
import { AppError } from "@/lib/errors/app-error";
import { cancelExport, createExport, deleteExport, resubmitExport, type Actor } from "@/lib/export-requests/service";
import { resolveAccess } from "@/lib/permissions/guard";

/*
 * The tab's mutations. Each takes what the browser sends as untrusted input: the service parses it,
 * checks the signed-in user's permission and validates every field, whatever the form allowed.
 */

const exportRef = z.object({ organizationId: z.uuid(), tenantId: z.uuid(), id: z.uuid() });
type ExportRef = z.infer<typeof exportRef>;

async function signedInActor(): Promise<Actor & { email: string }> {
  const user = await requireUser("/exports");
  return { userId: user.id, email: user.email, context: await requestContext() };
}

function parseRef(raw: unknown): ExportRef {
  const parsed = exportRef.safeParse(raw);
  if (!parsed.success) throw AppError.notFound("Export not found");
  return parsed.data;
}

async function viewOf(actor: Actor & { email: string }, row: Parameters<typeof toExportView>[0]): Promise<ExportView> {
  const { db } = exportDeps();
  const [access, queuePosition] = await Promise.all([
    resolveAccess(db, { userId: actor.userId, organizationId: row.organizationId, tenantId: row.tenantId }),
    // As the list shows it, so the new row reads the same before and after the table refreshes.
    row.status === "pending" ? queuePositionOf(db, row.id) : null,
  ]);
  if (!access) throw AppError.notFound("Tenant not found");
  return toExportView({ ...row, requestedByEmail: actor.email, queuePosition }, access);
}

/** The export a request queued, or (reused) the identical one of the user's still pending or running. */
export type CreatedExportView = ExportView & { reused: boolean };

export async function createExportAction(organizationId: unknown, request: unknown): Promise<ActionResult<CreatedExportView>> {
  const actor = await signedInActor();
  return toActionResult(async () => {
    const org = z.uuid().safeParse(organizationId);
    if (!org.success) throw AppError.notFound("Organization not found");
    const { reused, ...row } = await createExport(exportDeps(), actor, org.data, request);
    return { ...(await viewOf(actor, row)), reused };
  });
}

export async function cancelExportAction(ref: unknown): Promise<ActionResult<null>> {
  const actor = await signedInActor();
  return toActionResult(async () => {
    await cancelExport(exportDeps(), actor, parseRef(ref));
    return null;
  });
}

export async function deleteExportAction(ref: unknown): Promise<ActionResult<null>> {
  const actor = await signedInActor();
  return toActionResult(async () => {
    await deleteExport(exportDeps(), actor, parseRef(ref));
    return null;
  });
}

export async function resubmitExportAction(ref: unknown): Promise<ActionResult<CreatedExportView>> {
  const actor = await signedInActor();
  return toActionResult(async () => {
    const { reused, ...row } = await resubmitExport(exportDeps(), actor, parseRef(ref));
    return { ...(await viewOf(actor, row)), reused };
  });
}

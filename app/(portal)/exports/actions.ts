"use server";

import { z } from "zod";
import { action, type ActionContext } from "@/app/_lib/action";
import { exportDeps } from "@/app/_lib/export-deps";
import { AppError } from "@/lib/errors/app-error";
import { cancelFound, checkDraft, deleteFound, getTenantExport, queueExport, resubmitDraft, type Draft } from "@/lib/export-requests/service";
import { viewOfExport, type ExportView } from "@/lib/export-requests/view";

/*
 * The tab's mutations. Each takes what the browser sends as untrusted input: the service parses it,
 * checks the signed-in user's permission and validates every field, whatever the form allowed.
 */

const exportRef = z.object({ organizationId: z.uuid(), tenantId: z.uuid(), id: z.uuid() });
const refAction = { signIn: "/exports", input: (ref: unknown) => ref, schema: exportRef, unreadable: () => AppError.notFound("Export not found") };
const findExport = ({ actor }: ActionContext, ref: z.infer<typeof exportRef>) => getTenantExport(exportDeps(), actor, ref);

/** The export a request queued, or (reused) the identical one of the user's still pending or running. */
export type CreatedExportView = ExportView & { reused: boolean };

/** Queues the draft and shows the export as the list will, with the access the draft was checked against. */
async function queued({ db, user, actor, allowed }: ActionContext & { allowed: Draft }): Promise<CreatedExportView> {
  const { reused, ...row } = await queueExport(exportDeps(), actor, allowed);
  return { ...(await viewOfExport(db, row, allowed.access, { email: user.email, name: user.name })), reused };
}

export const createExportAction = action({
  signIn: "/exports",
  input: (organizationId: unknown, request: unknown) => ({ organizationId, request }),
  schema: z.object({ organizationId: z.uuid(), request: z.unknown() }),
  unreadable: () => AppError.notFound("Organization not found"),
  // The request itself is parsed by the service, in the form's words, before it checks data.exports.create.
  permission: ({ db, actor }, input) => checkDraft(db, actor, input.organizationId, input.request),
  run: (ctx) => queued(ctx),
});

export const cancelExportAction = action({
  ...refAction,
  permission: findExport,
  run: async ({ actor, allowed }) => {
    await cancelFound(exportDeps(), actor, allowed);
    return null;
  },
});

export const deleteExportAction = action({
  ...refAction,
  permission: findExport,
  run: async ({ actor, allowed }) => {
    await deleteFound(exportDeps(), actor, allowed);
    return null;
  },
});

export const resubmitExportAction = action({
  ...refAction,
  permission: async (ctx, ref) => resubmitDraft(exportDeps(), ctx.actor, await findExport(ctx, ref)),
  run: (ctx) => queued(ctx),
});

import "server-only";
import { notFound, redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { getUsageLimits } from "@/db/queries/organization-settings";
import { currentWorkspace, requestedPath, requireUser, urlWorkspace } from "@/app/_lib/session";
import { EXPORT_FORMATS, FORMAT_LABELS } from "@/lib/export-requests/input";
import { can, canExportRealm, type Access } from "@/lib/permissions/guard";
import type { Actor } from "@/lib/permissions/actor";
import { listRealms } from "@/lib/realms/catalog";
import { addDaysUtc, todayUtc } from "./dates";
import type { StudyExportSetup } from "./types";
import { workspaceHref } from "@/lib/workspaces/url";
import { AppError } from "@/lib/errors/app-error";

/**
 * The workspace of a study page, from its URL (/o/{org}/t/{tenant}/exports/studies…). Reached without one it
 * moves to the remembered workspace, keeping the path; with none, or a workspace one may not use, not found.
 */
export async function studyPageContext(path: string) {
  const user = await requireUser(path);
  const inUrl = await urlWorkspace();
  const ws = await currentWorkspace(user.id);
  if (!inUrl) {
    if (ws.selected) redirect(workspaceHref(ws.selected, (await requestedPath()) ?? path));
    notFound();
  }
  const selected = ws.selected;
  if (ws.urlRefused || !selected) notFound();
  const actor: Actor = { userId: user.id, context: { ip: null, userAgent: null }, restrict: null };
  return { db: getDb(), actor, selected, tenant: { organizationId: selected.organizationId, tenantId: selected.tenantId } };
}

/**
 * What a study's Export action needs to open the New export form pre-scoped: the realms with participant
 * data the person may export, defaulting to all of them in one archive, and the organization's limits.
 * Null when the person may not create exports or may export none of those realms.
 */
export async function studyExportSetup(access: Access, organizationId: string): Promise<StudyExportSetup | null> {
  if (!can(access, "data.exports.create")) return null;
  const realms = listRealms()
    .filter((r) => r.participant && canExportRealm(access, r.id))
    .map((r) => ({ id: r.id, label: r.label, description: r.description, fields: r.fields.map((f) => ({ ...f })) }));
  if (realms.length === 0) return null;
  const limits = await getUsageLimits(getDb(), organizationId);
  const to = todayUtc();
  // The longest range the organization allows, ending today: a study's history, not the last 30 days.
  const from = limits.maxRangeDays ? addDaysUtc(to, -limits.maxRangeDays + 1) : "";
  return {
    realms,
    formats: EXPORT_FORMATS.map((id) => ({ id, label: FORMAT_LABELS[id] })),
    limits: { maxRangeDays: limits.maxRangeDays, maxRowsPerExport: limits.maxRowsPerExport },
    from,
    to,
    identified: can(access, "studies.identified"),
  };
}

/** A study read that is "not found" (another tenant's, made up, or not readable) is the portal's 404 page. */
export async function orNotFound<T>(read: Promise<T>): Promise<T> {
  try {
    return await read;
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  }
}

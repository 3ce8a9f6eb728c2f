import "server-only";
import { getDb, type Db } from "@/db/client";
import { getUsageLimits } from "@/db/queries/organization-settings";
import { listTenantProjects } from "@/db/queries/projects";
import { listWorkspaceAdmins } from "@/db/queries/workspace-admins";
import { isAppError } from "@/lib/errors/app-error";
import { encodeCursor } from "@/lib/pagination/cursor";
import { listTenantExportsWithAccess } from "@/lib/export-requests/service";
import { toExportView } from "@/lib/export-requests/view";
import type { Access } from "@/lib/permissions/guard";
import { workspaceAccess } from "@/app/_lib/session";
import type { WorkspaceRef } from "@/lib/workspaces/url";
import { LIST_PAGE_SIZE } from "./queries";
import type { ExportPage } from "./types";
import type { ActionHelp } from "./why";

/**
 * The status table's first page (no filters, newest first), read on the server while the page renders, so
 * the rows arrive with the HTML instead of after hydration and a second request. The same service call, read
 * check and view as GET /api/v1/exports, with the access this render resolved already; the browser takes over
 * from here (polling, more pages).
 */
export async function firstExportsPage(db: Db, access: Access | null, userId: string, q: WorkspaceRef): Promise<{ page: ExportPage; at: number }> {
  const now = new Date();
  const page = await listTenantExportsWithAccess({ db }, access, { ...q, userId, limit: LIST_PAGE_SIZE });
  return {
    page: { items: page.items.map((row) => toExportView(row, page.access, now)), nextCursor: encodeCursor(page.nextCursor) },
    at: now.getTime(),
  };
}

/** A refusal of the list (no membership, no read permission) is the page's "choose a workspace", not an error. */
const refusedAsNull = (error: unknown) => {
  if (isAppError(error) && (error.code === "not_found" || error.code === "forbidden")) return null;
  throw error;
};

/**
 * What the Exports page needs before its first byte, asked for at once: access, whom to ask about a missing
 * action, and the first page. Access is resolved once for the render (workspaceAccess, which the layout's
 * Admin link shares) and the first page is read with it; the admins are asked for beside it. It may start
 * before the workspace is confirmed: a refused workspace's parts are null and never shown. The form's data is
 * not among them: it streams in after the table (exportsFormData), so the rows are not held back by the form.
 */
export async function exportsPageData(userId: string, place: WorkspaceRef) {
  const db = getDb();
  const resolving = workspaceAccess(userId, place.organizationId, place.tenantId);
  const [access, admins, firstPage] = await Promise.all([
    resolving,
    listWorkspaceAdmins(db, place),
    resolving.then((a) => firstExportsPage(db, a, userId, place)).catch(refusedAsNull),
  ]);
  const help: ActionHelp | null = access ? { downloadRealms: [...access.realms], organizationWide: access.organizationWide, admins } : null;
  return { access, help, firstPage };
}

/** The New export form's projects and limits; asked for only once the page's access check has passed. */
export async function exportsFormData(place: WorkspaceRef) {
  const db = getDb();
  const [projects, limits] = await Promise.all([listTenantProjects(db, place), getUsageLimits(db, place.organizationId)]);
  return { projects, limits };
}

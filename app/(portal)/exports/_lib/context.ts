import "server-only";
import { redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { listWorkspaceAdmins } from "@/db/queries/workspace-admins";
import { currentWorkspace, requestedPath, urlWorkspace, type Workspace } from "@/app/_lib/session";
import type { Access } from "@/lib/permissions/guard";
import { exportHref, workspaceHref, type WorkspaceRef } from "@/lib/workspaces/url";
import type { ActionHelp } from "./why";

/**
 * The workspace of the Exports page. The page lives at /o/{org}/t/{tenant}/exports; an old link without
 * one (/exports, bookmarks, emails) moves to the remembered or only workspace, and `?export=<id>` (email
 * links, Resubmit) moves to that export's own page, in whichever tenant it is.
 */
export async function exportsWorkspace(userId: string): Promise<Workspace> {
  const [ws, inUrl, asked] = await Promise.all([currentWorkspace(userId), urlWorkspace(), requestedPath()]);
  const url = new URL(asked ?? "/exports", "http://portal.invalid");
  const exportId = url.searchParams.get("export");
  if (exportId !== null) redirect(inUrl ? exportHref(inUrl, encodeURIComponent(exportId)) : `/exports/${encodeURIComponent(exportId)}`);
  if (!inUrl && ws.selected) redirect(`${workspaceHref(ws.selected)}${url.search}`);
  return ws;
}

/** What the rows need to explain a missing action: the role's realms and whom to ask. */
export async function actionHelp(place: WorkspaceRef, access: Access): Promise<ActionHelp> {
  const admins = await listWorkspaceAdmins(getDb(), place);
  return { downloadRealms: [...access.realms], organizationWide: access.organizationWide, admins };
}

import "server-only";
import { notFound, redirect } from "next/navigation";
import { placedHref } from "@/lib/workspaces/url";
import { currentWorkspace, requestedPath, urlWorkspace, type Workspace } from "./session";

/**
 * The workspace of a tenant's page, from its URL (/o/{org}/t/{tenant}/schedules, …/settings/tokens). The old
 * address (/schedules?…, bookmarks, emails) moves to the remembered or only workspace, keeping the rest of
 * its path and its query; a workspace the person may not use, another organization's included, is the 404
 * page, as a made-up one is. With no workspace to move to, the page asks for one (`selected` is null).
 */
export async function tenantPageWorkspace(userId: string, home: string): Promise<Workspace> {
  const [ws, inUrl, asked] = await Promise.all([currentWorkspace(userId), urlWorkspace(), requestedPath()]);
  if (!inUrl) {
    const to = ws.selected ? (placedHref(ws.selected, asked ?? home) ?? placedHref(ws.selected, home)) : null;
    if (to) redirect(to);
    return ws;
  }
  if (ws.urlRefused) notFound();
  return ws;
}

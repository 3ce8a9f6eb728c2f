/*
 * The workspace in the URL: /o/{organizationId}/t/{tenantId}/exports[/…]. Pure, so the proxy, the server
 * pages and the browser build and read the same paths. The app's routes stay at /exports; the proxy
 * rewrites a workspace path onto them and hands the workspace on in a request header of its own.
 */

/** Set by the proxy only (any copy the browser sends is dropped): the workspace named by the URL. */
export const WORKSPACE_HEADER = "x-portal-workspace";
/** Set by the proxy only: the path and query the browser asked for, so sign-in can come back to it. */
export const PATH_HEADER = "x-portal-path";

export interface WorkspaceRef {
  organizationId: string;
  tenantId: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const WORKSPACE_PATH = /^\/o\/([^/]+)\/t\/([^/]+)(\/exports(?:\/.*)?)$/;

/** A page of the workspace: its exports list by default, or `rest` (a path starting with /exports). */
export function workspaceHref(ws: WorkspaceRef, rest = "/exports"): string {
  return `/o/${ws.organizationId}/t/${ws.tenantId}${rest}`;
}

/** The page of one export, inside its workspace. */
export function exportHref(ws: WorkspaceRef, id: string): string {
  return workspaceHref(ws, `/exports/${id}`);
}

/** A workspace path split into its workspace and the app route it shows; null for any other path. */
export function splitWorkspacePath(pathname: string): { workspace: WorkspaceRef; rest: string } | null {
  const m = WORKSPACE_PATH.exec(pathname);
  if (!m) return null;
  const [, organizationId = "", tenantId = "", rest = ""] = m;
  if (!UUID.test(organizationId) || !UUID.test(tenantId)) return null;
  return { workspace: { organizationId: organizationId.toLowerCase(), tenantId: tenantId.toLowerCase() }, rest };
}

/** The header's value, "<organizationId>:<tenantId>", read back; null when absent or malformed. */
export function parseWorkspaceHeader(value: string | null): WorkspaceRef | null {
  const [organizationId, tenantId, extra] = (value ?? "").split(":");
  if (extra !== undefined || !organizationId || !tenantId || !UUID.test(organizationId) || !UUID.test(tenantId)) return null;
  return { organizationId, tenantId };
}

export const sameWorkspace = (a: WorkspaceRef | null, b: WorkspaceRef | null) =>
  a !== null && b !== null && a.organizationId === b.organizationId && a.tenantId === b.tenantId;

/*
 * The workspace in the URL. A tenant's pages live at /o/{organizationId}/t/{tenantId}/{exports|schedules|settings}[/…],
 * the organization's Admin at /o/{organizationId}/admin[/…]. Pure, so the proxy, the server pages and the
 * browser build and read the same paths. The app's routes stay at /exports, /schedules, /settings and /admin;
 * the proxy rewrites a workspace path onto them and hands the workspace on in a request header of its own.
 */

/** Set by the proxy only (any copy the browser sends is dropped): the workspace named by the URL. */
export const WORKSPACE_HEADER = "x-portal-workspace";
/** Set by the proxy only: the path and query the browser asked for, so sign-in can come back to it. */
export const PATH_HEADER = "x-portal-path";

export interface WorkspaceRef {
  organizationId: string;
  tenantId: string;
}

/** What a URL names: an organization, and a tenant of it except on the organization's own pages (Admin). */
export interface PlaceRef {
  organizationId: string;
  tenantId: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TENANT_PATH = /^\/o\/([^/]+)\/t\/([^/]+)(\/(?:exports|schedules|settings)(?:\/.*)?)$/;
const ORGANIZATION_PATH = /^\/o\/([^/]+)(\/admin(?:\/.*)?)$/;

/** A page of the workspace: its exports list by default, or `rest` (a path starting with /exports, /schedules or /settings). */
export function workspaceHref(ws: WorkspaceRef, rest = "/exports"): string {
  return `/o/${ws.organizationId}/t/${ws.tenantId}${rest}`;
}

/** The page of one export, inside its workspace. */
export function exportHref(ws: WorkspaceRef, id: string): string {
  return workspaceHref(ws, `/exports/${id}`);
}

/** The workspace's schedules, or one schedule's page. */
export function schedulesHref(ws: WorkspaceRef, id?: string): string {
  return workspaceHref(ws, id ? `/schedules/${id}` : "/schedules");
}

/** The Developer page (API tokens): tokens apply to one tenant or to all of its organization's, so it lives in the tenant. */
export function tokensHref(ws: WorkspaceRef): string {
  return workspaceHref(ws, "/settings/tokens");
}

/** The organization's Admin area, or a section of it (`rest`: "/members", "/audit?action=…"). */
export function adminHref(organizationId: string, rest = ""): string {
  return `/o/${organizationId}/admin${rest}`;
}

/**
 * An app path without a workspace (/admin/audit?x, /schedules/…) moved into one: an Admin path into the
 * organization, any other into the tenant. Null when the path is not one of the workspace's pages.
 */
export function placedHref(ws: WorkspaceRef, appPath: string): string | null {
  const url = new URL(appPath, "http://portal.invalid");
  const inOrganization = ORGANIZATION_PATH.exec(`/o/${ws.organizationId}${url.pathname}`);
  if (inOrganization) return `${adminHref(ws.organizationId, url.pathname.slice("/admin".length))}${url.search}`;
  if (TENANT_PATH.test(workspaceHref(ws, url.pathname))) return `${workspaceHref(ws, url.pathname)}${url.search}`;
  return null;
}

/** A workspace path split into what it names and the app route it shows; null for any other path. */
export function splitPlacePath(pathname: string): { place: PlaceRef; rest: string } | null {
  const tenant = TENANT_PATH.exec(pathname);
  if (tenant) {
    const [, organizationId = "", tenantId = "", rest = ""] = tenant;
    if (!UUID.test(organizationId) || !UUID.test(tenantId)) return null;
    return { place: { organizationId: organizationId.toLowerCase(), tenantId: tenantId.toLowerCase() }, rest };
  }
  const organization = ORGANIZATION_PATH.exec(pathname);
  if (organization) {
    const [, organizationId = "", rest = ""] = organization;
    if (!UUID.test(organizationId)) return null;
    return { place: { organizationId: organizationId.toLowerCase(), tenantId: null }, rest };
  }
  return null;
}

/** A tenant's workspace path split into its workspace and the app route it shows; null for any other path. */
export function splitWorkspacePath(pathname: string): { workspace: WorkspaceRef; rest: string } | null {
  const split = splitPlacePath(pathname);
  if (!split) return null;
  const { organizationId, tenantId } = split.place;
  return tenantId === null ? null : { workspace: { organizationId, tenantId }, rest: split.rest };
}

/**
 * The same kind of page in another workspace, for the switcher: a tenant's list pages (exports, schedules,
 * Developer) and the Admin section stay; a page of one thing (an export, a schedule) becomes its list,
 * since the thing is not in the other workspace.
 */
export function samePageIn(ws: WorkspaceRef, pathname: string): string {
  const split = splitPlacePath(pathname);
  if (!split) return workspaceHref(ws);
  const [, section = "", sub = ""] = split.rest.split("/");
  if (section === "admin") return adminHref(ws.organizationId, sub ? `/${sub}` : "");
  if (section === "settings") return tokensHref(ws);
  if (section === "schedules") return schedulesHref(ws);
  return sub === "studies" ? workspaceHref(ws, "/exports/studies") : workspaceHref(ws);
}

/** The header's value, "<organizationId>:<tenantId>" or "<organizationId>:" for an organization's page, read back; null when absent or malformed. */
export function parsePlaceHeader(value: string | null): PlaceRef | null {
  const [organizationId, tenantId, extra] = (value ?? "").split(":");
  if (extra !== undefined || !organizationId || tenantId === undefined || !UUID.test(organizationId)) return null;
  if (tenantId === "") return { organizationId, tenantId: null };
  return UUID.test(tenantId) ? { organizationId, tenantId } : null;
}

/** The header's value when it names a tenant; null for an organization's page, absent or malformed. */
export function parseWorkspaceHeader(value: string | null): WorkspaceRef | null {
  const place = parsePlaceHeader(value);
  return place?.tenantId ? { organizationId: place.organizationId, tenantId: place.tenantId } : null;
}

/** The header's value for what a URL names. */
export const placeHeaderValue = (place: PlaceRef) => `${place.organizationId}:${place.tenantId ?? ""}`;

export const sameWorkspace = (a: WorkspaceRef | null, b: WorkspaceRef | null) =>
  a !== null && b !== null && a.organizationId === b.organizationId && a.tenantId === b.tenantId;

import "server-only";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { auth } from "@/auth";
import { getDb } from "@/db/client";
import { listUserTenants, type TenantChoice } from "@/db/queries/tenants";
import { getPreference, savePreference } from "@/db/queries/user-preferences";
import { safeCallbackPath } from "@/lib/auth/callback";
import { resolveAccess, type Access } from "@/lib/permissions/guard";
import { PATH_HEADER, parsePlaceHeader, parseWorkspaceHeader, sameWorkspace, WORKSPACE_HEADER, type PlaceRef, type WorkspaceRef } from "@/lib/workspaces/url";

export interface SessionUser {
  id: string;
  email: string;
  name: string | null;
}

/** Cached per request: the layout and the page render side by side and both ask, for one session lookup. */
export const currentUser = cache(async (): Promise<SessionUser | null> => {
  const session = await auth();
  const user = session?.user;
  if (!user?.id || !user.email) return null;
  return { id: user.id, email: user.email, name: user.name ?? null };
});

/**
 * What the person may do in a tenant (or, with tenantId null, in the whole organization), resolved once
 * per page render: the layout's Admin link, the page's own check and its first page of rows ask about the
 * same place. For server components only; a server action or an API route resolves access itself.
 */
export const workspaceAccess = cache((userId: string, organizationId: string, tenantId: string | null): Promise<Access | null> =>
  resolveAccess(getDb(), { userId, organizationId, tenantId }),
);

/** A header the proxy set on this request; null when there is no request (a script or a test calling the code). */
async function proxyHeader(name: string): Promise<string | null> {
  try {
    return (await headers()).get(name);
  } catch {
    return null;
  }
}

/** The path and query the browser asked for, as the proxy recorded it; null outside a page request. */
export async function requestedPath(): Promise<string | null> {
  const path = await proxyHeader(PATH_HEADER);
  return path ? safeCallbackPath(path, "") || null : null;
}

/** The workspace the URL names (/o/{org}/t/{tenant}/…), not yet checked against the user's memberships. */
export async function urlWorkspace(): Promise<WorkspaceRef | null> {
  return parseWorkspaceHeader(await proxyHeader(WORKSPACE_HEADER));
}

/** What the URL names, a tenant's workspace or (/o/{org}/admin…) an organization; not yet checked either. */
export async function urlPlace(): Promise<PlaceRef | null> {
  return parsePlaceHeader(await proxyHeader(WORKSPACE_HEADER));
}

/**
 * The signed-in user, or a redirect to sign-in that comes back to the page asked for (a deep link such as
 * /admin/audit survives sign-in); `returnTo` only where no page was asked for.
 */
export async function requireUser(returnTo: string): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) redirect(`/sign-in?callbackUrl=${encodeURIComponent((await requestedPath()) ?? returnTo)}`);
  return user;
}

export interface Workspace {
  choices: TenantChoice[];
  /** The workspace in use: the URL's, else the remembered one, else the only one there is. */
  selected: TenantChoice | null;
  /** The URL named a workspace the user may not use (or that does not exist). */
  urlRefused: boolean;
}

/**
 * Which workspace a request works in. A workspace named by the URL wins and becomes the remembered one,
 * so old links (/exports, /admin) and the next visit land there; an organization another person's URL names
 * that they do not belong to is refused like a made-up one. Cached per request: the layout and the page ask once.
 */
export const currentWorkspace = cache(async (userId: string): Promise<Workspace> => {
  const db = getDb();
  const [choices, pref, fromUrl] = await Promise.all([listUserTenants(db, userId), getPreference(db, userId), urlPlace()]);
  const find = (ws: WorkspaceRef | null) => (ws ? (choices.find((c) => sameWorkspace(c, ws)) ?? null) : null);
  const remembered = find(pref?.organizationId && pref.tenantId ? { organizationId: pref.organizationId, tenantId: pref.tenantId } : null);
  if (fromUrl) {
    // An organization's page (Admin) keeps the remembered tenant when it is of that organization, else takes its first.
    const inOrganization = choices.filter((c) => c.organizationId === fromUrl.organizationId);
    const selected =
      fromUrl.tenantId === null
        ? remembered?.organizationId === fromUrl.organizationId
          ? remembered
          : (inOrganization[0] ?? null)
        : find({ organizationId: fromUrl.organizationId, tenantId: fromUrl.tenantId });
    // Only a URL that names the tenant changes the remembered one: an organization's page names none.
    if (selected && fromUrl.tenantId !== null && !sameWorkspace(selected, remembered))
      await savePreference(db, userId, { organizationId: selected.organizationId, tenantId: selected.tenantId });
    return { choices, selected, urlRefused: !selected };
  }
  const only = choices.length === 1 ? (choices[0] ?? null) : null;
  return { choices, selected: remembered ?? only, urlRefused: false };
});

import "server-only";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { requestContext } from "@/app/_lib/request-context";
import { getDb } from "@/db/client";
import { mayManageMembers, type AdminPlace } from "@/lib/admin/access";
import type { Actor } from "@/lib/permissions/actor";
import { currentWorkspace, requestedPath, requireUser, urlPlace } from "@/app/_lib/session";
import type { TenantChoice } from "@/db/queries/tenants";
import { adminHref, placedHref } from "@/lib/workspaces/url";
import { isAppError } from "@/lib/errors/app-error";

export type AdminContext =
  | { kind: "no-workspace"; hasChoices: boolean }
  | { kind: "denied"; workspaceLabel: string }
  | { kind: "ok"; actor: Actor; place: AdminPlace; organizationWide: boolean; organizationName: string; workspaceLabel: string };

export const NO_ADMIN_PERMISSION = "You don't have permission to manage members here. Ask an organization admin.";

/**
 * Who is looking at the admin area, and of which organization: the one its URL names (/o/{org}/admin…).
 * An organization the person does not belong to is the 404 page, as a made-up one is. The old address
 * (/admin/…, bookmarks, emails) moves to the remembered workspace's organization, or the first the person
 * administers, keeping the section and the query. Cached per request so the layout and the page ask once.
 * This only decides what to show; every read and change is guarded again in lib/admin.
 */
export const adminContext = cache(async (): Promise<AdminContext> => {
  const user = await requireUser("/admin");
  const [{ choices, selected: picked, urlRefused }, inUrl, asked] = await Promise.all([currentWorkspace(user.id), urlPlace(), requestedPath()]);
  if (urlRefused) notFound();
  const db = getDb();
  const manages = (c: TenantChoice) => mayManageMembers(db, { userId: user.id, organizationId: c.organizationId, tenantId: c.tenantId });
  const firstManaged = async (among: TenantChoice[]) => {
    for (const c of among) if (await manages(c)) return c;
    return null;
  };
  if (!inUrl) {
    const target = picked ?? (await firstManaged(choices));
    if (!target) return { kind: "no-workspace", hasChoices: choices.length > 0 };
    redirect(placedHref(target, asked ?? "/admin") ?? adminHref(target.organizationId));
  }
  if (!picked) notFound();
  const base = { userId: user.id, organizationId: picked.organizationId };
  const organizationWide = await mayManageMembers(db, { ...base, tenantId: null });
  // A tenant admin manages the tenant they work in, or else one of the organization's they manage.
  const selected = organizationWide || (await manages(picked)) ? picked : await firstManaged(choices.filter((c) => c.organizationId === picked.organizationId));
  if (!selected) return { kind: "denied", workspaceLabel: `${picked.organizationName} / ${picked.tenantName}` };
  return {
    kind: "ok",
    actor: { userId: user.id, context: await requestContext() },
    place: { organizationId: selected.organizationId, tenantId: selected.tenantId },
    organizationWide,
    organizationName: selected.organizationName,
    workspaceLabel: `${selected.organizationName} / ${selected.tenantName}`,
  };
});

/**
 * Runs a page's guarded read. "Not found" from the guard becomes the 404 page (another organization's
 * existence never shows); "forbidden" becomes the message to show in place of the page.
 */
export async function guardedRead<T>(read: () => Promise<T>): Promise<{ ok: true; data: T } | { ok: false; message: string }> {
  try {
    return { ok: true, data: await read() };
  } catch (error) {
    if (isAppError(error) && error.code === "not_found") notFound();
    if (isAppError(error) && error.code === "forbidden") return { ok: false, message: error.message };
    throw error;
  }
}

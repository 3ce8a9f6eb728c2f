import "server-only";
import { notFound } from "next/navigation";
import { cache } from "react";
import { requestContext } from "@/app/_lib/request-context";
import { getDb } from "@/db/client";
import { mayManageMembers, type AdminPlace } from "@/lib/admin/access";
import type { Actor } from "@/lib/permissions/actor";
import { currentWorkspace, requireUser } from "@/app/_lib/session";
import { isAppError } from "@/lib/errors/app-error";

export type AdminContext =
  | { kind: "no-workspace"; hasChoices: boolean }
  | { kind: "denied"; workspaceLabel: string }
  | { kind: "ok"; actor: Actor; place: AdminPlace; organizationWide: boolean; organizationName: string; workspaceLabel: string };

export const NO_ADMIN_PERMISSION = "You don't have permission to manage members here. Ask an organization admin.";

/**
 * Who is looking at the admin area, and from which workspace. Cached per request so the layout and the
 * page ask once. This only decides what to show; every read and change is guarded again in lib/admin.
 */
export const adminContext = cache(async (): Promise<AdminContext> => {
  const user = await requireUser("/admin");
  const { choices, selected: picked } = await currentWorkspace(user.id);
  const db = getDb();
  // Not picked yet: the first workspace the person administers, as the header's Admin link promised.
  let selected = picked;
  for (const c of picked ? [] : choices) {
    if (await mayManageMembers(db, { userId: user.id, organizationId: c.organizationId, tenantId: c.tenantId })) {
      selected = c;
      break;
    }
  }
  if (!selected) return { kind: "no-workspace", hasChoices: choices.length > 0 };
  const workspaceLabel = `${selected.organizationName} / ${selected.tenantName}`;
  const base = { userId: user.id, organizationId: selected.organizationId };
  const organizationWide = await mayManageMembers(db, { ...base, tenantId: null });
  if (!organizationWide && !(await mayManageMembers(db, { ...base, tenantId: selected.tenantId }))) return { kind: "denied", workspaceLabel };
  return {
    kind: "ok",
    actor: { userId: user.id, context: await requestContext() },
    place: { organizationId: selected.organizationId, tenantId: selected.tenantId },
    organizationWide,
    organizationName: selected.organizationName,
    workspaceLabel,
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

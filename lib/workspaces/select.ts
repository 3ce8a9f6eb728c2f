import { z } from "zod";
import type { Db } from "@/db/client";
import { savePreference } from "@/db/queries/user-preferences";
import { AppError } from "../errors/app-error";
import { can, resolveAccess } from "../permissions/guard";

/**
 * One answer for every workspace the user cannot use: a made-up id, a tenant of another organization, an
 * organization they do not belong to, a membership removed since the page was shown. Which of these it
 * was would tell them what exists elsewhere.
 */
export const WORKSPACE_UNAVAILABLE = "That organization and tenant are not available to you. Choose one from the list.";
export const WORKSPACE_NO_EXPORTS = "Your role there does not include seeing exports (data.exports.read). Ask an organization or tenant admin.";

export interface WorkspaceChoice {
  organizationId: string;
  tenantId: string;
}

/**
 * The switcher's value: "<organizationId>:<tenantId>", or nothing ("Select…", an empty or missing field)
 * to forget the choice. Anything else fails to parse; callers refuse it as WORKSPACE_UNAVAILABLE.
 */
export const workspacePick = z.union([
  z.union([z.literal(""), z.null(), z.undefined()]).transform(() => null),
  z
    .string()
    .transform((raw) => raw.split(":"))
    .pipe(z.tuple([z.uuid(), z.uuid()]))
    .transform(([organizationId, tenantId]): WorkspaceChoice => ({ organizationId, tenantId })),
]);

/** The guard of a workspace choice: the user must belong there and be able to see its exports. */
export async function requireWorkspace(db: Db, userId: string, picked: WorkspaceChoice | null): Promise<void> {
  if (picked === null) return;
  const access = await resolveAccess(db, { userId, ...picked });
  if (!access) throw new AppError("not_found", WORKSPACE_UNAVAILABLE);
  if (!can(access, "data.exports.read")) throw new AppError("forbidden", WORKSPACE_NO_EXPORTS);
}

/** Remembers a checked choice, or forgets the choice for null. */
export async function rememberWorkspace(db: Db, userId: string, picked: WorkspaceChoice | null): Promise<WorkspaceChoice | null> {
  await savePreference(db, userId, picked ?? { organizationId: null, tenantId: null });
  return picked;
}

/**
 * Remembers the workspace the user picked in the switcher, or forgets the choice for an empty value.
 * Anything they may not use is refused and the remembered workspace stays as it was.
 */
export async function selectWorkspace(db: Db, userId: string, raw: unknown): Promise<WorkspaceChoice | null> {
  const parsed = workspacePick.safeParse(raw);
  if (!parsed.success) throw new AppError("not_found", WORKSPACE_UNAVAILABLE);
  await requireWorkspace(db, userId, parsed.data);
  return rememberWorkspace(db, userId, parsed.data);
}

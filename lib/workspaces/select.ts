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

const choice = z.object({ organizationId: z.uuid(), tenantId: z.uuid() });

export type WorkspaceChoice = z.infer<typeof choice>;

/**
 * Remembers the workspace the user picked in the switcher, as the switcher sends it ("<organizationId>:<tenantId>"),
 * or forgets the choice for an empty value ("Select…"). Anything they may not use is refused and the
 * remembered workspace stays as it was.
 */
export async function selectWorkspace(db: Db, userId: string, raw: unknown): Promise<WorkspaceChoice | null> {
  if (raw === "" || raw === null || raw === undefined) {
    await savePreference(db, userId, { organizationId: null, tenantId: null });
    return null;
  }
  const [organizationId, tenantId, ...rest] = typeof raw === "string" ? raw.split(":") : [];
  const parsed = choice.safeParse({ organizationId, tenantId });
  if (!parsed.success || rest.length > 0) throw new AppError("not_found", WORKSPACE_UNAVAILABLE);
  const access = await resolveAccess(db, { userId, ...parsed.data });
  if (!access) throw new AppError("not_found", WORKSPACE_UNAVAILABLE);
  if (!can(access, "data.exports.read")) throw new AppError("forbidden", WORKSPACE_NO_EXPORTS);
  await savePreference(db, userId, parsed.data);
  return parsed.data;
}

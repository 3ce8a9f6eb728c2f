import type { Db } from "@/db/client";
import { countOrganizationAdmins } from "@/db/queries/memberships";
import { lockOrganization } from "@/db/queries/organizations";
import { getRole, listRoles as listRoleRows, updateRoleRights } from "@/db/queries/roles";
import { recordAudit } from "../audit/record";
import { AppError } from "../errors/app-error";
import { parsePlace, requireOrganizationAdmin } from "./access";
import type { Actor } from "../permissions/actor";
import { parseInput, updateRoleInput } from "./input";

export interface RoleView {
  id: string;
  key: string;
  name: string;
  permissions: string[];
  realms: string[];
  memberCount: number;
  /** The admin role keeps members.manage, so the organization always has a way back in. */
  locked: string[];
}

/** The key of the role that must keep members.manage. */
export const ADMIN_ROLE_KEY = "admin";

export async function listRoles(db: Db, actor: Actor, place: unknown): Promise<RoleView[]> {
  const { organizationId } = parsePlace(place);
  await requireOrganizationAdmin(db, actor, organizationId);
  const rows = await listRoleRows(db, organizationId);
  return rows.map((r) => ({ ...r, locked: r.key === ADMIN_ROLE_KEY ? ["members.manage"] : [] }));
}

/**
 * Replaces a role's permissions and realms. Takes effect for every holder at once: access is resolved per
 * request, and downloads re-check the realm at download time.
 */
export async function updateRole(db: Db, actor: Actor, place: unknown, raw: unknown) {
  const { organizationId } = parsePlace(place);
  await requireOrganizationAdmin(db, actor, organizationId);
  const input = parseInput(updateRoleInput, raw);
  if (!(await getRole(db, { organizationId, id: input.roleId }))) throw AppError.notFound("Role not found");

  return db.transaction(async (tx) => {
    await lockOrganization(tx, organizationId);
    const role = await getRole(tx, { organizationId, id: input.roleId });
    if (!role) throw AppError.notFound("Role not found");
    const losesManage = role.permissions.includes("members.manage") && !input.permissions.includes("members.manage");
    if (losesManage && role.key === ADMIN_ROLE_KEY) {
      const message = "The Admin role always keeps members.manage, so the organization cannot lock itself out.";
      throw new AppError("invalid", message, { permissions: message });
    }
    // Any other role that is the last source of organization-wide admins is protected the same way.
    if (losesManage && (await countOrganizationAdmins(tx, { organizationId, exceptRoleId: role.id })) === 0) {
      const message = `Without members.manage on ${role.name}, nobody could manage this organization. Make someone an Admin first.`;
      throw new AppError("conflict", message, { permissions: message });
    }
    const same = sameSet(role.permissions, input.permissions) && sameSet(role.realms, input.realms);
    if (same) return { changed: false };
    await updateRoleRights(tx, { organizationId, id: role.id, permissions: input.permissions, realms: input.realms });
    await recordAudit(tx, {
      organizationId,
      tenantId: null,
      actorUserId: actor.userId,
      action: "role.updated",
      context: actor.context,
      details: {
        roleId: role.id,
        role: role.key,
        from: { permissions: role.permissions, realms: role.realms },
        to: { permissions: input.permissions, realms: input.realms },
      },
    });
    return { changed: true };
  });
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

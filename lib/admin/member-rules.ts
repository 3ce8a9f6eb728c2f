import type { Db } from "@/db/client";
import { countOrganizationAdmins } from "@/db/queries/memberships";
import { getRole, type RoleRow } from "@/db/queries/roles";
import { AppError } from "../errors/app-error";
import { requireAccess, type Access } from "../permissions/guard";
import { isPermission } from "../permissions/roles";
import type { Actor } from "../permissions/actor";
import type { ManagerScope } from "./access";

type Tx = Parameters<typeof countOrganizationAdmins>[0];

/**
 * May the actor put a membership at (or take one from) this place? Organization-wide needs an organization
 * admin; a tenant needs members.manage in that tenant, which the guard checks — and a tenant of another
 * organization is "not found" there. Returns the actor's rights at the place, to hold the role against.
 */
export async function requirePlacement(db: Db, actor: Actor, scope: ManagerScope, tenantId: string | null): Promise<Access> {
  if (tenantId === null) {
    if (!scope.organizationWide) {
      const message = "Only organization admins can give or change access to all tenants.";
      throw new AppError("forbidden", message, { tenantId: message });
    }
    return scope.access;
  }
  return requireAccess(db, { userId: actor.userId, organizationId: scope.organizationId, tenantId }, "members.manage");
}

/**
 * A tenant-level manager hands out, and touches, only roles within their own rights there: no permission
 * (members.manage included) and no realm they do not hold themselves. Organization admins may grant any role.
 */
export function requireWithinOwnRights(scope: ManagerScope, here: Access, role: Pick<RoleRow, "name" | "permissions" | "realms">) {
  if (scope.organizationWide) return;
  const extra = rightsBeyond(here, role);
  if (extra.length === 0) return;
  const message = `The ${role.name} role has rights you don't have here (${extra.join(", ")}). Ask an organization admin.`;
  throw new AppError("forbidden", message, { roleId: message });
}

/** What a role grants that `access` does not hold: permissions, and realms as "realm <id>". */
export function rightsBeyond(access: Access, role: Pick<RoleRow, "permissions" | "realms">): string[] {
  return [
    ...role.permissions.filter((p) => !isPermission(p) || !access.permissions.has(p)),
    ...role.realms.filter((r) => !access.realms.has(r)).map((r) => `realm ${r}`),
  ];
}

/** A role of this organization; another organization's role id is "not found", like a made-up one. */
export async function requireRole(db: Tx, organizationId: string, roleId: string): Promise<RoleRow> {
  const role = await getRole(db, { organizationId, id: roleId });
  if (!role) throw new AppError("not_found", "Role not found", { roleId: "Role not found" });
  return role;
}

export function isOrganizationAdminGrant(m: { tenantId: string | null; permissions: readonly string[] }): boolean {
  return m.tenantId === null && m.permissions.includes("members.manage");
}

/**
 * The organization must keep at least one organization-wide member who can manage members, or nobody could
 * ever add an admin again. Call inside the transaction that holds the organization lock.
 */
export async function requireAdminRemains(
  tx: Tx,
  current: { id: string; organizationId: string; tenantId: string | null; permissions: string[] },
  next: { tenantId: string | null; permissions: string[] } | null,
) {
  if (!isOrganizationAdminGrant(current) || (next && isOrganizationAdminGrant(next))) return;
  const others = await countOrganizationAdmins(tx, { organizationId: current.organizationId, exceptMembershipId: current.id });
  if (others === 0) {
    const message = "This is the last organization admin. Make someone else an admin of all tenants first.";
    throw new AppError("conflict", message, next ? { roleId: message } : {});
  }
}

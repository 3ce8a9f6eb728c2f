import type { Db } from "@/db/client";
import { findGrants, isOrganizationMember } from "@/db/queries/access";
import { AppError } from "../errors/app-error";
import { isPermission, type Permission } from "./roles";

export interface Access {
  userId: string;
  organizationId: string;
  tenantId: string | null;
  /** True when an organization-wide membership applies (needed for organization-scope exports). */
  organizationWide: boolean;
  permissions: ReadonlySet<Permission>;
  realms: ReadonlySet<string>;
}

/**
 * What a user may do in an organization, or in one tenant of it. Null when nothing applies:
 * callers answer "not found" so another organization's existence never leaks.
 */
export async function resolveAccess(
  db: Db,
  q: { userId: string; organizationId: string; tenantId?: string | null },
): Promise<Access | null> {
  const grants = await findGrants(db, q);
  if (grants.length === 0) return null;
  const permissions = new Set<Permission>();
  const realms = new Set<string>();
  for (const g of grants) {
    for (const p of g.permissions) if (isPermission(p)) permissions.add(p);
    for (const r of g.realms) realms.add(r);
  }
  return {
    userId: q.userId,
    organizationId: q.organizationId,
    tenantId: q.tenantId ?? null,
    organizationWide: grants.some((g) => g.tenantId === null),
    permissions,
    realms,
  };
}

export function can(access: Access | null, permission: Permission): boolean {
  return access?.permissions.has(permission) ?? false;
}

export function canExportRealm(access: Access | null, realm: string): boolean {
  return can(access, "data.exports.create") && (access?.realms.has(realm) ?? false);
}

/**
 * The one check every entry point makes: can this user do `permission` in this organization/tenant?
 * No applicable membership → not_found (404); a member without the permission → forbidden (403),
 * except when they are not a member of the organization at all.
 */
export async function requireAccess(
  db: Db,
  q: { userId: string; organizationId: string; tenantId?: string | null },
  permission: Permission,
): Promise<Access> {
  const access = await resolveAccess(db, q);
  if (!access) {
    if (q.tenantId && (await isOrganizationMember(db, q))) throw AppError.notFound("Tenant not found");
    throw AppError.notFound("Organization not found");
  }
  if (!can(access, permission)) {
    throw new AppError("forbidden", `You don't have the ${permission} permission here. Ask an organization or tenant admin.`);
  }
  return access;
}

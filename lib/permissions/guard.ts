import type { Db } from "@/db/client";
import { findGrants } from "@/db/queries/memberships";
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
 * The limits of an API token: one organization, optionally one tenant, and a set of scopes. A request made
 * with a token may do what its owner may do right now, within these limits — never more.
 */
export interface TokenRestriction {
  tokenId: string;
  organizationId: string;
  tenantId: string | null;
  scopes: ReadonlySet<Permission>;
}

type AccessQuery = { userId: string; organizationId: string; tenantId?: string | null };

function withinToken(restrict: TokenRestriction, q: AccessQuery): boolean {
  return q.organizationId === restrict.organizationId && (restrict.tenantId === null || q.tenantId === restrict.tenantId);
}

function narrowToToken(access: Access, restrict: TokenRestriction): Access {
  return {
    ...access,
    permissions: new Set([...access.permissions].filter((p) => restrict.scopes.has(p))),
    // A tenant token never stands for the whole organization, whatever its owner's membership.
    organizationWide: access.organizationWide && restrict.tenantId === null,
  };
}

/**
 * The user's access (not narrowed to a token) already read for this very place earlier in the same
 * request: an API token's owner in the token's tenant, read when the token was checked (Actor.ownerAccess).
 */
function sameQuery(known: Access, q: AccessQuery): boolean {
  return known.userId === q.userId && known.organizationId === q.organizationId && known.tenantId === (q.tenantId ?? null);
}

/**
 * What a user may do in an organization, or in one tenant of it, narrowed to a token's limits when the
 * request came with one. Null when nothing applies: callers answer "not found" so another organization's
 * existence never leaks. `known` is the same user's access to the same place read earlier in the same
 * request (never kept longer), used instead of reading it again.
 */
export async function resolveAccess(db: Db, q: AccessQuery, restrict?: TokenRestriction | null, known?: Access | null): Promise<Access | null> {
  if (restrict && !withinToken(restrict, q)) return null;
  if (known && sameQuery(known, q)) return restrict ? narrowToToken(known, restrict) : known;
  const grants = await findGrants(db, q);
  if (grants.length === 0) return null;
  const permissions = new Set<Permission>();
  const realms = new Set<string>();
  for (const g of grants) {
    for (const p of g.permissions) if (isPermission(p)) permissions.add(p);
    for (const r of g.realms) realms.add(r);
  }
  const access: Access = {
    userId: q.userId,
    organizationId: q.organizationId,
    tenantId: q.tenantId ?? null,
    organizationWide: grants.some((g) => g.tenantId === null),
    permissions,
    realms,
  };
  return restrict ? narrowToToken(access, restrict) : access;
}

export function can(access: Access | null, permission: Permission): boolean {
  return access?.permissions.has(permission) ?? false;
}

export function canExportRealm(access: Access | null, realm: string): boolean {
  return can(access, "data.exports.create") && (access?.realms.has(realm) ?? false);
}

/**
 * The one check every entry point makes: can this user do `permission` in this organization/tenant?
 * No applicable membership → not_found (404), "Tenant not found" when a tenant was named; a member
 * without the permission → forbidden (403). With a token, outside its organization or tenant is not_found
 * and a permission outside its scopes is forbidden.
 */
export async function requireAccess(
  db: Db,
  q: AccessQuery,
  permission: Permission,
  restrict?: TokenRestriction | null,
  known?: Access | null,
): Promise<Access> {
  const access = await resolveAccess(db, q, restrict, known);
  // One answer per kind of place, whatever the reason: a foreign tenant or organization reads exactly
  // like a made-up one, so the words never tell what exists elsewhere.
  if (!access) throw AppError.notFound(q.tenantId ? "Tenant not found" : "Organization not found");
  if (!can(access, permission)) {
    if (restrict && !restrict.scopes.has(permission)) {
      throw new AppError("forbidden", `This API token does not have the ${permission} scope. Create a token with it in the Developer tab.`);
    }
    throw new AppError("forbidden", `You don't have the ${permission} permission here. Ask an organization or tenant admin.`);
  }
  return access;
}

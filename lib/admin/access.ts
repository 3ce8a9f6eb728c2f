import { z } from "zod";
import type { Db } from "@/db/client";
import { isOrganizationMember } from "@/db/queries/memberships";
import { AppError, isAppError } from "../errors/app-error";
import type { Actor } from "../permissions/actor";
import { can, requireAccess, resolveAccess, type Access } from "../permissions/guard";

/**
 * Where an admin acts from: the organization and, for a tenant-level manager, the tenant they manage
 * (the selected workspace). Organization admins may pass `tenantId: null`.
 */
export interface AdminPlace {
  organizationId: string;
  tenantId: string | null;
}

/** What the actor may manage: every membership of the organization, or those of one tenant. */
export type ManagerScope =
  | { organizationId: string; organizationWide: true; tenantId: null; access: Access }
  | { organizationId: string; organizationWide: false; tenantId: string; access: Access };

export const ORGANIZATION_ADMIN_ONLY = "Only organization admins (members.manage for all tenants) can do this. Ask one of them.";

/** The place an admin form names; ids that do not parse are "not found" (see parsePlace). */
export const adminPlace = z.object({ organizationId: z.uuid(), tenantId: z.uuid().nullable() });

/** Ids that are not even ids name nothing, so they are "not found" like a foreign organization. */
export const PLACE_NOT_FOUND = () => AppError.notFound("Organization not found");

export function parsePlace(raw: unknown): AdminPlace {
  const parsed = adminPlace.safeParse(raw);
  if (!parsed.success) throw PLACE_NOT_FOUND();
  return parsed.data;
}

/**
 * members.manage for the whole organization: roles, usage limits, the audit log and organization-wide
 * memberships need it. Someone who belongs only to some tenants has no organization-level membership, so
 * the guard alone would call the organization "not found"; they do belong to it, so say what is missing.
 */
export async function requireOrganizationAdmin(db: Db, actor: Actor, organizationId: string): Promise<Access> {
  const q = { userId: actor.userId, organizationId, tenantId: null };
  try {
    return await requireAccess(db, q, "members.manage");
  } catch (error) {
    if (isAppError(error) && error.code === "not_found" && (await isOrganizationMember(db, q))) {
      throw new AppError("forbidden", ORGANIZATION_ADMIN_ONLY);
    }
    if (isAppError(error) && error.code === "forbidden") throw new AppError("forbidden", ORGANIZATION_ADMIN_ONLY);
    throw error;
  }
}

/**
 * The guard of the Members page: an organization admin manages everyone; a tenant-level manager manages
 * the memberships of the tenant they act in, and nothing else.
 */
export async function requireMemberManager(db: Db, actor: Actor, rawPlace: unknown): Promise<ManagerScope> {
  const place = parsePlace(rawPlace);
  if (place.tenantId === null) {
    const access = await requireOrganizationAdmin(db, actor, place.organizationId);
    return { organizationId: place.organizationId, organizationWide: true, tenantId: null, access };
  }
  const access = await requireAccess(db, { userId: actor.userId, ...place }, "members.manage");
  const orgAccess = await resolveAccess(db, { userId: actor.userId, organizationId: place.organizationId, tenantId: null });
  if (orgAccess && can(orgAccess, "members.manage")) {
    return { organizationId: place.organizationId, organizationWide: true, tenantId: null, access: orgAccess };
  }
  return { organizationId: place.organizationId, organizationWide: false, tenantId: place.tenantId, access };
}

/** Whether the actor may open the admin area at all, for the nav link: no error, just yes or no. */
export async function mayManageMembers(db: Db, q: { userId: string; organizationId: string; tenantId: string | null }): Promise<boolean> {
  return can(await resolveAccess(db, q), "members.manage");
}

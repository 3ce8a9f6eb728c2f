import type { Db } from "@/db/client";
import {
  deleteMembership,
  getMembership,
  insertMembership,
  listMemberships,
  membershipExists,
  updateMembership,
  type MembershipWithRole,
} from "@/db/queries/memberships";
import { lockOrganization } from "@/db/queries/organizations";
import { listRoles } from "@/db/queries/roles";
import { listOrganizationTenants } from "@/db/queries/tenants";
import { findUserByEmail, getUserEmail, insertUser } from "@/db/queries/users";
import { recordAudit } from "../audit/record";
import { AppError } from "../errors/app-error";
import type { Actor } from "../permissions/actor";
import { requireMemberManager, type ManagerScope } from "./access";
import { addMemberInput, parseInput, removeMemberInput, updateMemberInput } from "./input";
import { requireAdminRemains, requirePlacement, requireRole, requireWithinOwnRights, rightsBeyond } from "./member-rules";

export interface MemberView {
  id: string;
  userId: string;
  email: string;
  name: string | null;
  roleId: string;
  roleName: string;
  tenantId: string | null;
  /** null means the membership applies to all tenants. */
  tenantName: string | null;
  addedAt: string;
  isYou: boolean;
}

export interface MembersPage {
  organizationWide: boolean;
  /** The tenant a tenant-level manager manages; null for organization admins. */
  tenantId: string | null;
  members: MemberView[];
  /** Roles the actor may hand out, and where. */
  roles: { id: string; name: string }[];
  tenants: { id: string; name: string }[];
}

/** The Members page: everyone for an organization admin, the tenant's own memberships for a tenant manager. */
export async function listMembers(db: Db, actor: Actor, place: unknown): Promise<MembersPage> {
  const scope = await requireMemberManager(db, actor, place);
  const [rows, roles, tenants] = await Promise.all([
    listMemberships(db, { organizationId: scope.organizationId, tenantId: scope.tenantId }),
    listRoles(db, scope.organizationId),
    listOrganizationTenants(db, scope.organizationId),
  ]);
  const grantable = roles.filter((r) => scope.organizationWide || rightsBeyond(scope.access, r).length === 0);
  return {
    organizationWide: scope.organizationWide,
    tenantId: scope.tenantId,
    members: rows.map((m) => ({
      id: m.id,
      userId: m.userId,
      email: m.email,
      name: m.name,
      roleId: m.roleId,
      roleName: m.roleName,
      tenantId: m.tenantId,
      tenantName: m.tenantName,
      addedAt: m.createdAt.toISOString(),
      isYou: m.userId === actor.userId,
    })),
    roles: grantable.map((r) => ({ id: r.id, name: r.name })),
    tenants: scope.organizationWide ? tenants : tenants.filter((t) => t.id === scope.tenantId),
  };
}

/**
 * Adds a member by email, organization-wide or in one tenant. An address nobody has used gets a user row,
 * so the person can sign in with a magic link straight away.
 */
export async function addMember(db: Db, actor: Actor, place: unknown, raw: unknown) {
  const scope = await requireMemberManager(db, actor, place);
  const input = parseInput(addMemberInput, raw);
  const here = await requirePlacement(db, actor, scope, input.tenantId);
  const role = await requireRole(db, scope.organizationId, input.roleId);
  requireWithinOwnRights(scope, here, role);

  return db.transaction(async (tx) => {
    await lockOrganization(tx, scope.organizationId);
    const existing = await findUserByEmail(tx, input.email);
    const user = existing ?? (await insertUser(tx, input.email));
    if (await membershipExists(tx, { organizationId: scope.organizationId, userId: user.id, tenantId: input.tenantId })) {
      const message = `${user.email} is already a member ${input.tenantId ? "of this tenant" : "of all tenants"}. Change their role instead.`;
      throw new AppError("conflict", message, { email: message });
    }
    const membership = await insertMembership(tx, { userId: user.id, organizationId: scope.organizationId, tenantId: input.tenantId, roleId: role.id });
    await recordAudit(tx, {
      organizationId: scope.organizationId,
      tenantId: input.tenantId,
      actorUserId: actor.userId,
      action: "member.added",
      context: actor.context,
      details: { membershipId: membership.id, userId: user.id, email: user.email, role: role.key, tenantId: input.tenantId, newUser: !existing },
    });
    return { membershipId: membership.id, userId: user.id, email: user.email, newUser: !existing };
  });
}

/**
 * Loads a membership of the organization and checks the actor may touch it: where it is now and what its
 * role grants must both be within the actor's reach.
 */
async function requireManagedMembership(db: Db, actor: Actor, scope: ManagerScope, membershipId: string): Promise<MembershipWithRole> {
  const membership = await getMembership(db, { organizationId: scope.organizationId, id: membershipId });
  if (!membership) throw AppError.notFound("Member not found");
  const here = await requirePlacement(db, actor, scope, membership.tenantId);
  requireWithinOwnRights(scope, here, { name: membership.roleName, permissions: membership.permissions, realms: membership.realms });
  return membership;
}

/** The membership as it was checked; a concurrent change in between means checking again. */
async function reloadUnchanged(tx: Parameters<typeof getMembership>[0], before: MembershipWithRole): Promise<MembershipWithRole> {
  const now = await getMembership(tx, { organizationId: before.organizationId, id: before.id });
  if (!now) throw AppError.notFound("Member not found");
  if (now.tenantId !== before.tenantId || now.roleId !== before.roleId) {
    throw new AppError("conflict", "Someone changed this membership meanwhile. Reload the page and try again.");
  }
  return now;
}

/** Changes a member's role and/or where it applies. */
export async function updateMember(db: Db, actor: Actor, place: unknown, raw: unknown) {
  const scope = await requireMemberManager(db, actor, place);
  const input = parseInput(updateMemberInput, raw);
  const checked = await requireManagedMembership(db, actor, scope, input.membershipId);
  const here = await requirePlacement(db, actor, scope, input.tenantId);
  const role = await requireRole(db, scope.organizationId, input.roleId);
  requireWithinOwnRights(scope, here, role);
  if (checked.tenantId === input.tenantId && checked.roleId === role.id) return { changed: false };

  await db.transaction(async (tx) => {
    await lockOrganization(tx, scope.organizationId);
    const current = await reloadUnchanged(tx, checked);
    await requireAdminRemains(tx, current, { tenantId: input.tenantId, permissions: role.permissions });
    const taken = await membershipExists(tx, { organizationId: scope.organizationId, userId: current.userId, tenantId: input.tenantId, exceptId: current.id });
    if (taken) {
      const message = "This person already has a membership there. Change or remove that one instead.";
      throw new AppError("conflict", message, { tenantId: message });
    }
    await updateMembership(tx, { organizationId: scope.organizationId, id: current.id, tenantId: input.tenantId, roleId: role.id });
    await recordAudit(tx, {
      organizationId: scope.organizationId,
      tenantId: input.tenantId ?? current.tenantId,
      actorUserId: actor.userId,
      action: "member.updated",
      context: actor.context,
      details: {
        membershipId: current.id,
        userId: current.userId,
        email: await getUserEmail(tx, current.userId),
        from: { role: current.roleKey, tenantId: current.tenantId },
        to: { role: role.key, tenantId: input.tenantId },
      },
    });
  });
  return { changed: true };
}

/** Removes a membership; the person keeps their other memberships and their user row. */
export async function removeMember(db: Db, actor: Actor, place: unknown, raw: unknown) {
  const scope = await requireMemberManager(db, actor, place);
  const input = parseInput(removeMemberInput, raw);
  const checked = await requireManagedMembership(db, actor, scope, input.membershipId);

  await db.transaction(async (tx) => {
    await lockOrganization(tx, scope.organizationId);
    const current = await reloadUnchanged(tx, checked);
    await requireAdminRemains(tx, current, null);
    await deleteMembership(tx, { organizationId: scope.organizationId, id: current.id });
    await recordAudit(tx, {
      organizationId: scope.organizationId,
      tenantId: current.tenantId,
      actorUserId: actor.userId,
      action: "member.removed",
      context: actor.context,
      details: { membershipId: current.id, userId: current.userId, email: await getUserEmail(tx, current.userId), role: current.roleKey },
    });
  });
}

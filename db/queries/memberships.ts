import { and, asc, eq, isNull, ne, or, sql } from "drizzle-orm";
import type { Db } from "../client";
import { memberships, roles, tenants, users } from "../schema";
import { preparedPer } from "./prepared";

type Tx = Pick<Db, "select" | "insert" | "update" | "delete" | "execute">;

export interface MembershipGrant {
  tenantId: string | null;
  permissions: string[];
  realms: string[];
}

/**
 * The memberships of a user that apply in an organization, optionally narrowed to one tenant
 * (organization-wide memberships apply to every tenant). Empty when the tenant is not in the organization.
 */
// Every access check reads the grants: both shapes of the statement are built once per database handle (prepared.ts).
const grantColumns = { tenantId: memberships.tenantId, permissions: roles.permissions, realms: roles.realms };
const grantsInOrganization = preparedPer((db: Db) =>
  db
    .select(grantColumns)
    .from(memberships)
    .innerJoin(roles, eq(roles.id, memberships.roleId))
    .where(
      and(eq(memberships.userId, sql.placeholder("userId")), eq(memberships.organizationId, sql.placeholder("organizationId")), isNull(memberships.tenantId)),
    )
    .prepare("grants_in_organization"),
);
// In a tenant: one statement, the tenant's belonging to the organization a condition of the same query.
const grantsInTenant = preparedPer((db: Db) =>
  db
    .select(grantColumns)
    .from(memberships)
    .innerJoin(roles, eq(roles.id, memberships.roleId))
    .where(
      and(
        eq(memberships.userId, sql.placeholder("userId")),
        eq(memberships.organizationId, sql.placeholder("organizationId")),
        or(isNull(memberships.tenantId), eq(memberships.tenantId, sql.placeholder("tenantId"))),
        sql`exists (select 1 from ${tenants} t where t.id = ${sql.placeholder("tenantId")} and t.organization_id = ${sql.placeholder("organizationId")})`,
      ),
    )
    .prepare("grants_in_tenant"),
);

export async function findGrants(db: Db, q: { userId: string; organizationId: string; tenantId?: string | null }): Promise<MembershipGrant[]> {
  if (q.tenantId) return grantsInTenant(db).execute({ userId: q.userId, organizationId: q.organizationId, tenantId: q.tenantId });
  return grantsInOrganization(db).execute({ userId: q.userId, organizationId: q.organizationId });
}

/** Whether the user belongs to the organization at all, through any membership. */
export async function isOrganizationMember(db: Db, q: { userId: string; organizationId: string }): Promise<boolean> {
  const rows = await db
    .select({ id: memberships.id })
    .from(memberships)
    .where(and(eq(memberships.userId, q.userId), eq(memberships.organizationId, q.organizationId)))
    .limit(1);
  return rows.length > 0;
}

/** A membership as the Members page shows it: who, which role, where, since when. */
export interface MemberListItem {
  id: string;
  userId: string;
  email: string;
  name: string | null;
  roleId: string;
  roleKey: string;
  roleName: string;
  tenantId: string | null;
  tenantName: string | null;
  createdAt: Date;
}

/** A membership with the rights its role grants, for the checks before changing it. */
export interface MembershipWithRole {
  id: string;
  userId: string;
  organizationId: string;
  tenantId: string | null;
  roleId: string;
  roleKey: string;
  roleName: string;
  permissions: string[];
  realms: string[];
}

const memberColumns = {
  id: memberships.id,
  userId: memberships.userId,
  email: users.email,
  name: users.name,
  roleId: roles.id,
  roleKey: roles.key,
  roleName: roles.name,
  tenantId: memberships.tenantId,
  tenantName: tenants.name,
  createdAt: memberships.createdAt,
};

/** Members of an organization (or of one tenant of it: its tenant-level memberships only), by email. */
export async function listMemberships(db: Db, q: { organizationId: string; tenantId?: string | null }): Promise<MemberListItem[]> {
  return db
    .select(memberColumns)
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .innerJoin(roles, eq(roles.id, memberships.roleId))
    .leftJoin(tenants, eq(tenants.id, memberships.tenantId))
    .where(and(eq(memberships.organizationId, q.organizationId), q.tenantId ? eq(memberships.tenantId, q.tenantId) : undefined))
    .orderBy(asc(users.email), asc(tenants.name));
}

export async function getMembership(db: Tx, q: { organizationId: string; id: string }): Promise<MembershipWithRole | null> {
  const rows = await db
    .select({
      id: memberships.id,
      userId: memberships.userId,
      organizationId: memberships.organizationId,
      tenantId: memberships.tenantId,
      roleId: roles.id,
      roleKey: roles.key,
      roleName: roles.name,
      permissions: roles.permissions,
      realms: roles.realms,
    })
    .from(memberships)
    .innerJoin(roles, eq(roles.id, memberships.roleId))
    .where(and(eq(memberships.id, q.id), eq(memberships.organizationId, q.organizationId)));
  return rows[0] ?? null;
}

/** Whether the user already has a membership at exactly this place (organization-wide or one tenant). */
export async function membershipExists(db: Tx, q: { organizationId: string; userId: string; tenantId: string | null; exceptId?: string }) {
  const rows = await db
    .select({ id: memberships.id })
    .from(memberships)
    .where(
      and(
        eq(memberships.organizationId, q.organizationId),
        eq(memberships.userId, q.userId),
        q.tenantId ? eq(memberships.tenantId, q.tenantId) : isNull(memberships.tenantId),
        q.exceptId ? ne(memberships.id, q.exceptId) : undefined,
      ),
    )
    .limit(1);
  return rows.length > 0;
}

/**
 * Organization-wide memberships whose role includes members.manage: the people who can still manage the
 * organization. `except` leaves out one membership (being removed or demoted) or every holder of one role
 * (whose permissions are being changed).
 */
export async function countOrganizationAdmins(tx: Tx, q: { organizationId: string; exceptMembershipId?: string; exceptRoleId?: string }) {
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(memberships)
    .innerJoin(roles, eq(roles.id, memberships.roleId))
    .where(
      and(
        eq(memberships.organizationId, q.organizationId),
        isNull(memberships.tenantId),
        sql`'members.manage' = any(${roles.permissions})`,
        q.exceptMembershipId ? ne(memberships.id, q.exceptMembershipId) : undefined,
        q.exceptRoleId ? ne(memberships.roleId, q.exceptRoleId) : undefined,
      ),
    );
  return row?.n ?? 0;
}

export async function insertMembership(db: Tx, values: { userId: string; organizationId: string; tenantId: string | null; roleId: string }) {
  const [row] = await db.insert(memberships).values(values).returning({ id: memberships.id });
  if (!row) throw new Error("insert into memberships returned nothing");
  return row;
}

export async function updateMembership(db: Tx, q: { organizationId: string; id: string; tenantId: string | null; roleId: string }) {
  await db
    .update(memberships)
    .set({ tenantId: q.tenantId, roleId: q.roleId })
    .where(and(eq(memberships.id, q.id), eq(memberships.organizationId, q.organizationId)));
}

export async function deleteMembership(db: Tx, q: { organizationId: string; id: string }) {
  await db.delete(memberships).where(and(eq(memberships.id, q.id), eq(memberships.organizationId, q.organizationId)));
}

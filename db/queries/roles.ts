import { and, asc, eq, sql } from "drizzle-orm";
import type { Db } from "../client";
import { memberships, roles } from "../schema";

type Tx = Pick<Db, "select" | "insert" | "update">;

export interface RoleRow {
  id: string;
  key: string;
  name: string;
  permissions: string[];
  realms: string[];
}

export interface RoleListItem extends RoleRow {
  memberCount: number;
}

/** The organization's roles with how many memberships use each, in a stable order. */
export async function listRoles(db: Db, organizationId: string): Promise<RoleListItem[]> {
  return db
    .select({
      id: roles.id,
      key: roles.key,
      name: roles.name,
      permissions: roles.permissions,
      realms: roles.realms,
      memberCount: sql<number>`count(${memberships.id})::int`,
    })
    .from(roles)
    .leftJoin(memberships, eq(memberships.roleId, roles.id))
    .where(eq(roles.organizationId, organizationId))
    .groupBy(roles.id)
    .orderBy(asc(roles.name));
}

export async function getRole(db: Tx, q: { organizationId: string; id: string }): Promise<RoleRow | null> {
  const rows = await db
    .select({ id: roles.id, key: roles.key, name: roles.name, permissions: roles.permissions, realms: roles.realms })
    .from(roles)
    .where(and(eq(roles.id, q.id), eq(roles.organizationId, q.organizationId)));
  return rows[0] ?? null;
}

export async function updateRoleRights(tx: Tx, q: { organizationId: string; id: string; permissions: string[]; realms: string[] }) {
  await tx
    .update(roles)
    .set({ permissions: q.permissions, realms: q.realms })
    .where(and(eq(roles.id, q.id), eq(roles.organizationId, q.organizationId)));
}

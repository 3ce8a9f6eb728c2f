import { and, desc, eq, gt, isNull, lt, or, sql } from "drizzle-orm";
import type { Db } from "../client";
import { apiTokens, tenants, users } from "../schema";
import { preparedPer } from "./prepared";

type Tx = Pick<Db, "select" | "insert" | "update">;
export type ApiTokenRow = typeof apiTokens.$inferSelect;

/** A token as lists show it: never the hash, with its owner and tenant in words. */
export interface ApiTokenListItem {
  id: string;
  organizationId: string;
  tenantId: string | null;
  tenantName: string | null;
  userId: string;
  userEmail: string;
  name: string;
  prefix: string;
  scopes: string[];
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
  createdAt: Date;
}

export async function insertApiToken(tx: Tx, values: typeof apiTokens.$inferInsert): Promise<ApiTokenRow> {
  const [row] = await tx.insert(apiTokens).values(values).returning();
  if (!row) throw new Error("insert into api_tokens returned nothing");
  return row;
}

/**
 * Tokens that apply in one tenant of an organization: those of that tenant and the organization-wide ones,
 * newest first. `userId` narrows to one owner's tokens.
 */
export async function listApiTokens(db: Db, q: { organizationId: string; tenantId: string; userId?: string }): Promise<ApiTokenListItem[]> {
  return db
    .select({
      id: apiTokens.id,
      organizationId: apiTokens.organizationId,
      tenantId: apiTokens.tenantId,
      tenantName: tenants.name,
      userId: apiTokens.userId,
      userEmail: users.email,
      name: apiTokens.name,
      prefix: apiTokens.prefix,
      scopes: apiTokens.scopes,
      lastUsedAt: apiTokens.lastUsedAt,
      expiresAt: apiTokens.expiresAt,
      revokedAt: apiTokens.revokedAt,
      createdAt: apiTokens.createdAt,
    })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .leftJoin(tenants, eq(tenants.id, apiTokens.tenantId))
    .where(
      and(
        eq(apiTokens.organizationId, q.organizationId),
        or(isNull(apiTokens.tenantId), eq(apiTokens.tenantId, q.tenantId)),
        q.userId ? eq(apiTokens.userId, q.userId) : undefined,
      ),
    )
    .orderBy(desc(apiTokens.createdAt), desc(apiTokens.id));
}

/** One token of the organization; other organizations' ids are "not found". */
export async function getApiToken(db: Tx, q: { organizationId: string; id: string }): Promise<ApiTokenRow | null> {
  const rows = await db
    .select()
    .from(apiTokens)
    .where(and(eq(apiTokens.id, q.id), eq(apiTokens.organizationId, q.organizationId)));
  return rows[0] ?? null;
}

/** Marks a token revoked unless it already is; null when it was (so a second revoke is not audited twice). */
export async function markApiTokenRevoked(tx: Tx, id: string, now: Date): Promise<ApiTokenRow | null> {
  const [row] = await tx
    .update(apiTokens)
    .set({ revokedAt: now })
    .where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)))
    .returning();
  return row ?? null;
}

// Every API call looks its token up: the statement is built once per database handle (prepared.ts).
const liveTokenByHash = preparedPer((db: Tx) =>
  db
    .select({ token: apiTokens, user: { id: users.id, email: users.email, name: users.name } })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(
      and(
        eq(apiTokens.tokenHash, sql.placeholder("tokenHash")),
        isNull(apiTokens.revokedAt),
        or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, sql.placeholder("now"))),
      ),
    )
    .prepare("live_token_by_hash"),
);

/** The live token with this hash and its owner; revoked tokens are not returned. */
export async function findLiveTokenByHash(db: Tx, tokenHash: string, now: Date) {
  const rows = await liveTokenByHash(db).execute({ tokenHash, now: now.toISOString() });
  return rows[0] ?? null;
}

/**
 * Records use, at most once per `throttleMs`: a busy client would otherwise write the same row on every
 * request. The condition sits in the UPDATE so concurrent requests cannot both write.
 */
export async function touchApiToken(db: Tx, id: string, now: Date, throttleMs: number): Promise<boolean> {
  const rows = await db
    .update(apiTokens)
    .set({ lastUsedAt: now })
    .where(and(eq(apiTokens.id, id), or(isNull(apiTokens.lastUsedAt), lt(apiTokens.lastUsedAt, new Date(now.getTime() - throttleMs)))))
    .returning({ id: apiTokens.id });
  return rows.length > 0;
}

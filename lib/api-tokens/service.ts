import type { Db } from "@/db/client";
import { getApiToken, insertApiToken, listApiTokens, markApiTokenRevoked, type ApiTokenListItem } from "@/db/queries/api-tokens";
import { isOrganizationMember } from "@/db/queries/memberships";
import { recordAudit } from "../audit/record";
import { AppError } from "../errors/app-error";
import type { Actor } from "../permissions/actor";
import { can, resolveAccess, type Access } from "../permissions/guard";
import { createTokenInput, parseInput, tokenRef } from "./input";
import { generateTokenSecret } from "./secret";

/** A token as the Developer tab shows it: no secret, no hash, and whether this user may revoke it. */
export interface TokenView {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  tenantName: string | null;
  ownerEmail: string;
  isYours: boolean;
  createdAt: string;
  lastUsedAt: string | null;
  /** Null for a token that never expires. */
  expiresAt: string | null;
  expired: boolean;
  revokedAt: string | null;
  canRevoke: boolean;
}

/**
 * One answer for any place the actor has no membership: a made-up tenant, a tenant of another organization
 * and another organization look the same, so the answer tells nothing about what exists elsewhere.
 */
export const TOKEN_PLACE_NOT_FOUND = "Tenant not found";
export const NO_TOKEN_PERMISSION = "You need to see exports here (data.exports.read) to create an API token. Ask an organization or tenant admin.";

/**
 * Creates a token for the actor, for their own use: anyone who may read exports where the token applies
 * may (organization-wide tokens need an organization-level membership), and every scope must be a
 * permission the creator holds there now. The token never acts beyond its owner's rights at the time of
 * each call. The whole token is returned once; only its hash is stored.
 */
export async function createApiToken(db: Db, actor: Actor, raw: unknown): Promise<{ token: string; id: string; name: string; prefix: string }> {
  const input = parseInput(createTokenInput, raw);
  const q = { userId: actor.userId, organizationId: input.organizationId, tenantId: input.tenantId };
  const access = await resolveAccess(db, q);
  if (!access) {
    if (input.tenantId === null && (await isOrganizationMember(db, q))) {
      const message = "Only organization-level members can create tokens for all tenants. Create a token for this tenant instead.";
      throw new AppError("forbidden", message, { tenantId: message });
    }
    throw AppError.notFound(TOKEN_PLACE_NOT_FOUND);
  }
  if (!can(access, "data.exports.read")) throw new AppError("forbidden", NO_TOKEN_PERMISSION);
  const missing = input.scopes.filter((s) => !access.permissions.has(s));
  if (missing.length > 0) {
    const message = `You don't have ${missing.join(", ")} here, so a token of yours cannot have it either.`;
    throw new AppError("forbidden", message, { scopes: message });
  }
  const secret = generateTokenSecret();
  const now = new Date();
  const row = await db.transaction(async (tx) => {
    const created = await insertApiToken(tx, {
      organizationId: input.organizationId,
      tenantId: input.tenantId,
      userId: actor.userId,
      name: input.name,
      prefix: secret.prefix,
      tokenHash: secret.tokenHash,
      scopes: input.scopes,
      expiresAt: input.expiresInDays === null ? null : new Date(now.getTime() + input.expiresInDays * 86_400_000),
    });
    await recordAudit(tx, {
      organizationId: input.organizationId,
      tenantId: input.tenantId,
      actorUserId: actor.userId,
      action: "token.created",
      context: actor.context,
      details: { tokenId: created.id, name: created.name, prefix: created.prefix, scopes: created.scopes, expiresAt: created.expiresAt?.toISOString() ?? null },
    });
    return created;
  });
  return { token: secret.token, id: row.id, name: row.name, prefix: row.prefix };
}

/** Who may revoke a token: its owner always; otherwise tokens.manage where the token applies. */
function mayRevoke(token: Pick<ApiTokenListItem, "userId" | "tenantId">, userId: string, tenantAccess: Access | null, orgAccess: Access | null) {
  if (token.userId === userId) return true;
  return can(token.tenantId === null ? orgAccess : tenantAccess, "tokens.manage");
}

function toTokenView(t: ApiTokenListItem, userId: string, canRevoke: boolean, now: Date): TokenView {
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  return {
    id: t.id,
    name: t.name,
    prefix: t.prefix,
    scopes: t.scopes,
    tenantName: t.tenantName,
    ownerEmail: t.userEmail,
    isYours: t.userId === userId,
    createdAt: t.createdAt.toISOString(),
    lastUsedAt: iso(t.lastUsedAt),
    expiresAt: iso(t.expiresAt),
    expired: t.expiresAt !== null && t.expiresAt <= now,
    revokedAt: iso(t.revokedAt),
    canRevoke: canRevoke && t.revokedAt === null,
  };
}

/**
 * The tokens that apply in a tenant, as this user may see them: everyone sees their own; with tokens.manage
 * also everyone else's of the tenant (and organization-wide ones for organization-level managers).
 */
export async function listTenantTokens(db: Db, actor: Actor, q: { organizationId: string; tenantId: string }, now = new Date()) {
  const [access, orgAccess] = await Promise.all([
    resolveAccess(db, { userId: actor.userId, ...q }),
    resolveAccess(db, { userId: actor.userId, organizationId: q.organizationId, tenantId: null }),
  ]);
  if (!access) throw AppError.notFound(TOKEN_PLACE_NOT_FOUND);
  const manage = can(access, "tokens.manage");
  const rows = await listApiTokens(db, { ...q, userId: manage ? undefined : actor.userId });
  const items = rows.filter((t) => mayRevoke(t, actor.userId, access, orgAccess)).map((t) => toTokenView(t, actor.userId, true, now));
  return { access, orgAccess, items };
}

/**
 * Revokes a token at once: its owner always may; others need tokens.manage where the token applies. A
 * token the actor may not revoke is "not found", like a made-up id, so ids tell nothing about other
 * people's tokens. A second revoke of the same token changes nothing and is not audited again.
 */
export async function revokeApiToken(db: Db, actor: Actor, raw: unknown): Promise<void> {
  const ref = parseInput(tokenRef, raw);
  const token = await getApiToken(db, ref);
  if (!token) throw AppError.notFound("Token not found");
  if (token.userId !== actor.userId) {
    const access = await resolveAccess(db, { userId: actor.userId, organizationId: token.organizationId, tenantId: token.tenantId });
    if (!can(access, "tokens.manage")) throw AppError.notFound("Token not found");
  }
  await db.transaction(async (tx) => {
    const revoked = await markApiTokenRevoked(tx, token.id, new Date());
    if (!revoked) return;
    await recordAudit(tx, {
      organizationId: token.organizationId,
      tenantId: token.tenantId,
      actorUserId: actor.userId,
      action: "token.revoked",
      context: actor.context,
      details: { tokenId: token.id, name: token.name, prefix: token.prefix, ownerUserId: token.userId },
    });
  });
}

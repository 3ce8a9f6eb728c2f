import type { Db } from "@/db/client";
import { isOrganizationMember } from "@/db/queries/memberships";
import { findLiveTokenByHash, touchApiToken, type ApiTokenRow } from "@/db/queries/api-tokens";
import { resolveAccess, type Access, type TokenRestriction } from "../permissions/guard";
import { isTokenScope } from "./scopes";
import { hashToken, looksLikeToken } from "./secret";

/** Writing last_used_at on every call would turn each API read into a write; once a minute is enough to show. */
const TOUCH_EVERY_MS = 60_000;

export interface ResolvedToken {
  token: ApiTokenRow;
  user: { id: string; email: string; name: string | null };
  /** For a tenant token: its owner's access in that tenant as just read (not narrowed to the token); null for an organization token. */
  ownerAccess: Access | null;
}

/**
 * The live token behind a bearer value, and its owner. Null for anything that is not a token of a current
 * member: malformed, unknown, revoked, expired, or owned by someone who has since left the organization
 * (or, for a tenant token, the tenant). What the token may do on a given request is decided later, per request.
 */
export async function resolveBearerToken(db: Db, bearer: string, now = new Date()): Promise<ResolvedToken | null> {
  if (!looksLikeToken(bearer)) return null;
  const found = await findLiveTokenByHash(db, hashToken(bearer), now);
  if (!found) return null;
  const { token, user } = found;
  const ownerAccess = token.tenantId ? await resolveAccess(db, { userId: user.id, organizationId: token.organizationId, tenantId: token.tenantId }) : null;
  const member = token.tenantId ? ownerAccess !== null : await isOrganizationMember(db, { userId: user.id, organizationId: token.organizationId });
  if (!member) return null;
  // The row just read says when it was last recorded; within the minute the UPDATE would change nothing, so it is not sent.
  if (!token.lastUsedAt || now.getTime() - token.lastUsedAt.getTime() >= TOUCH_EVERY_MS) await touchApiToken(db, token.id, now, TOUCH_EVERY_MS);
  return { token, user, ownerAccess };
}

/** The limits a token puts on every access check of the request it came with. */
export function tokenRestriction(token: Pick<ApiTokenRow, "id" | "organizationId" | "tenantId" | "scopes">): TokenRestriction {
  return { tokenId: token.id, organizationId: token.organizationId, tenantId: token.tenantId, scopes: new Set(token.scopes.filter(isTokenScope)) };
}

import type { RequestContext } from "../audit/record";
import type { Access, TokenRestriction } from "./guard";

/**
 * Who does something, as every domain function takes them: the user, where the request came from (for the
 * audit trail) and, for an API token, the token's limits that narrow every access check.
 */
export interface Actor {
  userId: string;
  context: RequestContext;
  /** Set when the caller is an API token: every access check is narrowed to the token's limits. */
  restrict?: TokenRestriction | null;
  /**
   * For a tenant token: its owner's access in the token's tenant (not narrowed), as read when the token was
   * checked at the start of this request. Access checks of the same request at that place use it instead of
   * reading it again; an actor lives for one request, so a change of membership applies from the next one.
   */
  ownerAccess?: Access | null;
}

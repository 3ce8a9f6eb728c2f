import type { RequestContext } from "../audit/record";
import type { TokenRestriction } from "./guard";

/**
 * Who does something, as every domain function takes them: the user, where the request came from (for the
 * audit trail) and, for an API token, the token's limits that narrow every access check.
 */
export interface Actor {
  userId: string;
  context: RequestContext;
  /** Set when the caller is an API token: every access check is narrowed to the token's limits. */
  restrict?: TokenRestriction | null;
}

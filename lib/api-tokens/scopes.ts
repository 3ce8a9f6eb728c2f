import type { Permission } from "../permissions/roles";

/**
 * What an API token may be allowed to do. The REST API covers exports only, so member and token
 * administration stay with people signed in to the portal, never with a token that can leak.
 */
export const TOKEN_SCOPES = [
  "data.exports.read",
  "data.exports.create",
  "data.exports.manage",
  "studies.read",
  "studies.manage",
  "studies.identified",
] as const satisfies readonly Permission[];
export type TokenScope = (typeof TOKEN_SCOPES)[number];

export const SCOPE_DESCRIPTIONS: Record<TokenScope, string> = {
  "data.exports.read": "List and read exports and download their archives",
  "data.exports.create": "Request, resubmit, cancel and delete your own exports",
  "data.exports.manage": "Cancel and delete other people's exports",
  "studies.read": "Read research studies, their cohorts and participants",
  "studies.manage": "Create and rename studies and cohorts, set de-identification, replace member lists",
  "studies.identified": "Export study data identified (without it, study exports are de-identified)",
};

export function isTokenScope(value: string): value is TokenScope {
  return (TOKEN_SCOPES as readonly string[]).includes(value);
}

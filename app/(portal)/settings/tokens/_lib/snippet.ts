import type { TokenWorkspace } from "./types";

/**
 * A first API call with a new token, as shell lines. It sets PORTAL_URL and PORTAL_TOKEN, the variables the
 * Exports tab's "Copy API request" commands use, so those work in the same terminal afterwards.
 */
export function firstCallSnippet(origin: string, token: string, w: Pick<TokenWorkspace, "organizationId" | "tenantId">): string {
  return [
    `export PORTAL_URL="${origin}"`,
    `export PORTAL_TOKEN="${token}"`,
    `curl -H "Authorization: Bearer $PORTAL_TOKEN" "$PORTAL_URL/api/v1/exports?organizationId=${w.organizationId}&tenantId=${w.tenantId}"`,
  ].join("\n");
}

import { createHash } from "node:crypto";
import { canonical } from "../export-requests/fingerprint";
import type { CheckedRequest } from "../export-requests/request";

/**
 * The stream of a request: its realms (in order, each with its fields and filters) and its scope, in its
 * organization and tenant. Dates, format and options are not part of it: a checkpoint tells which rows have
 * arrived, whatever file they were written to. The same canonical JSON as the request fingerprint.
 */
export function streamHash(r: Pick<CheckedRequest, "organizationId" | "tenantId" | "scope" | "realms">): string {
  const scope = r.scope.type === "apps" ? { ...r.scope, appIds: [...new Set(r.scope.appIds)].sort() } : r.scope;
  const normal = { version: 1, organizationId: r.organizationId, tenantId: r.tenantId, scope, realms: r.realms };
  return createHash("sha256")
    .update(JSON.stringify(canonical(normal)))
    .digest("hex");
}

import { createHash } from "node:crypto";
import type { CheckedRequest } from "./request";

/** What makes two export requests the same export: every parameter that changes the archive, and who asked. */
export type FingerprintedRequest = CheckedRequest & { requestedBy: string };

/** JSON with object keys sorted at every level, so key order never makes two requests differ. */
export function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, v]) => [k, canonical(v)]),
    );
  }
  return value;
}

/**
 * SHA-256 of the normalised request. Field order is kept (it is the column order of the file); the apps of
 * an apps scope are a set, and options take their defaults, so `{}` and `{csvBom: false}` are the same.
 */
export function requestFingerprint(r: FingerprintedRequest): string {
  const scope = r.scope.type === "apps" ? { ...r.scope, appIds: [...new Set(r.scope.appIds)].sort() } : r.scope;
  const options = { csvBom: r.options.csvBom ?? false, formulaGuard: r.options.formulaGuard ?? true };
  // Named one by one: anything else the caller's object carries (a scope label, say) is not the request.
  const normal = {
    version: 1,
    requestedBy: r.requestedBy,
    organizationId: r.organizationId,
    tenantId: r.tenantId,
    scope,
    realm: r.realm,
    fields: r.fields,
    filters: r.filters,
    // An open bound hashes as null, not as the request time: an identical open request made while the first
    // is still queued or running is that export (it reads up to the first one's recorded time, shown as toAsOf).
    dateFrom: r.dateFrom ?? null,
    dateTo: r.dateTo ?? null,
    timezone: r.timezone,
    format: r.format,
    options,
    // Absent (not null) without parts, so the fingerprints of earlier requests stay what they were.
    parts: r.parts ?? undefined,
    // Several realms in their order (the archive's order, so another order is another archive); absent for
    // one realm, which realm, fields and filters already say, so one-realm fingerprints stay what they were.
    realms: r.realms.length > 1 ? r.realms : undefined,
    // The checkpoint an incremental request continues; absent for a full one, so those fingerprints stay.
    since: r.since?.exportId,
    // A schedule run's interval; absent otherwise, so other fingerprints stay what they were.
    window: r.window ? { from: r.window.from?.toISOString() ?? null, to: r.window.to?.toISOString() ?? null } : undefined,
  };
  return createHash("sha256")
    .update(JSON.stringify(canonical(normal)))
    .digest("hex");
}

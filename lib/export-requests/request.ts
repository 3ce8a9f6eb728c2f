import type { ExportRealmRequest, ExportRow } from "@/db/schema";
import type { ExportFilter, ExportOptions, ExportRequest } from "../exports";
import type { ExportRequestInput } from "./input";
import { getRealm } from "../realms/catalog";
import { normalParts, type ExportParts } from "./parts";
import type { ValidatedRequest } from "./validate";
import { arrivalsOfRow, type SinceCheckpoint } from "../export-checkpoints/window";
import { clientScopeOf } from "../studies/scope";

/**
 * One export request once checked, the portal's single shape for it: what the engine runs, what an export
 * row stores in its request columns and what the fingerprint hashes. Everything is resolved: the fields
 * (all of the realm's when none were chosen), the scope as validated and its label.
 */
export type CheckedRequest = ExportRequest & {
  fields: string[];
  filters: ExportFilter[];
  options: ExportOptions;
  scopeLabel: string;
  dateFrom: string | null;
  dateTo: string | null;
  toAsOf: Date | null;
  /** Part limits of the data files; null for one file per format. */
  parts: ExportParts | null;
  /**
   * Every realm of the archive, in its order, each with its resolved fields and filters. The first is also
   * realm, fields and filters above, so a one-realm request reads as it always did.
   */
  realms: ExportRealmRequest[];
  /** An incremental request: the done export whose checkpoint it continues (lib/export-checkpoints/since.ts). */
  since?: SinceCheckpoint | null;
};

/**
 * One single-realm engine request per realm of the export, in the archive's order: the realm, its fields
 * and filters, and everything else (scope, dates, format, options) shared. The engine queries one realm
 * at a time; the export run hands these to produceArchive and sums their estimates.
 */
export function realmRequestsOf(request: CheckedRequest): ExportRequest[] {
  const { realms, ...shared } = request;
  return realms.map((r) => ({ ...shared, realm: r.realm, fields: r.fields, filters: r.filters }));
}

/** The realms a stored export holds: realms when it has several, else the one in realm, fields and filters. */
export function realmsOfRow(row: Pick<ExportRow, "realm" | "fields" | "filters" | "realms">): ExportRealmRequest[] {
  return row.realms && row.realms.length > 1 ? row.realms : [{ realm: row.realm, fields: row.fields, filters: row.filters }];
}

/**
 * The engine and the exports table name the dates dateFrom/dateTo; the API and the form call them from/to.
 * The mappers below and the refusals' field keys use this one table.
 */
export const CLIENT_NAMES: Record<string, string> = { dateFrom: "from", dateTo: "to" };

/** A parsed and validated request of one organization, as the portal keeps it. */
export function checkedRequest(organizationId: string, checked: ValidatedRequest, requestedAt = new Date()): CheckedRequest {
  const { input, realms } = checked;
  const [first] = realms;
  if (!first) throw new Error("a validated request has at least one realm");
  return {
    organizationId,
    tenantId: input.tenantId,
    scope: checked.scope,
    scopeLabel: checked.scopeLabel,
    realm: first.realm,
    fields: first.fields,
    filters: first.filters,
    realms,
    dateFrom: input.from ?? null,
    dateTo: input.to ?? null,
    // An open end stands for the moment of the request, fixed here and stored, so every run reads the same rows.
    toAsOf: input.to == null ? requestedAt : null,
    timezone: input.timezone,
    format: input.format,
    options: input.options,
    parts: normalParts(input.parts),
  };
}

/** The request a stored export was made from (the engine runs exactly this). */
export function requestOfRow(row: ExportRow): CheckedRequest {
  const { organizationId, tenantId, scope, scopeLabel, realm, fields, filters, dateFrom, dateTo, timezone, format, options, toAsOf } = row;
  return {
    organizationId,
    tenantId,
    scope,
    scopeLabel,
    realm,
    fields,
    filters,
    dateFrom,
    dateTo,
    timezone,
    format,
    options,
    toAsOf,
    // A schedule run reads its interval alone; other exports carry no window, as before.
    ...(row.intervalStart && row.intervalEnd ? { window: { from: row.intervalStart, to: row.intervalEnd } } : {}),
    parts: normalParts(row.parts),
    realms: realmsOfRow(row),
    arrivals: arrivalsOfRow(row),
    since: row.sinceExportId && row.previousSnapshot ? { exportId: row.sinceExportId, snapshot: row.previousSnapshot, toAsOf: row.previousToAsOf } : null,
  };
}

/** The realms of a stored export as people read them: "Compute jobs", or "Compute jobs + Lab results". */
export function realmsLabelOf(row: Pick<ExportRow, "realm" | "fields" | "filters" | "realms">): string {
  return realmsOfRow(row)
    .map((r) => getRealm(r.realm)?.label ?? r.realm)
    .join(" + ");
}

/** A request as a client would send it again: POST /api/v1/exports, a resubmit, "Copy API request". */
export function clientRequestOf(r: CheckedRequest): ExportRequestInput {
  return {
    tenantId: r.tenantId,
    scope: clientScopeOf(r.scope),
    // One realm reads as it always did; several are sent as realms, each with its own fields and filters.
    ...(r.realms.length > 1 ? { realms: r.realms.map((x) => ({ ...x })) } : { realm: r.realm, fields: r.fields, filters: r.filters }),
    // An open bound stays open: sent again, a request without `to` runs up to its own request time.
    ...(r.dateFrom ? { from: r.dateFrom } : {}),
    ...(r.dateTo ? { to: r.dateTo } : {}),
    timezone: r.timezone,
    format: r.format,
    options: { csvBom: r.options.csvBom ?? false, formulaGuard: r.options.formulaGuard ?? true },
    // Only when asked for, so a request without parts reads as it always did.
    ...(r.parts ? { parts: r.parts } : {}),
    // Sent again, an incremental export continues the stream's newest checkpoint (a failed one never advanced it).
    ...(r.since ? { incremental: true } : {}),
  };
}

import type { ExportRow } from "@/db/schema";
import type { ExportFilter, ExportOptions, ExportRequest } from "../exports";
import type { ExportRequestInput } from "./input";
import { normalParts, type ExportParts } from "./parts";
import type { ValidatedRequest } from "./validate";

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
};

/**
 * The engine and the exports table name the dates dateFrom/dateTo; the API and the form call them from/to.
 * The mappers below and the refusals' field keys use this one table.
 */
export const CLIENT_NAMES: Record<string, string> = { dateFrom: "from", dateTo: "to" };

/** A parsed and validated request of one organization, as the portal keeps it. */
export function checkedRequest(organizationId: string, checked: ValidatedRequest, requestedAt = new Date()): CheckedRequest {
  const { input } = checked;
  return {
    organizationId,
    tenantId: input.tenantId,
    scope: checked.scope,
    scopeLabel: checked.scopeLabel,
    realm: input.realm,
    fields: checked.fields,
    filters: input.filters,
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
    parts: normalParts(row.parts),
  };
}

/** A request as a client would send it again: POST /api/v1/exports, a resubmit, "Copy API request". */
export function clientRequestOf(r: CheckedRequest): ExportRequestInput {
  return {
    tenantId: r.tenantId,
    scope: r.scope.type === "apps" ? { type: "apps", appIds: r.scope.appIds, ...(r.scope.projectId ? { projectId: r.scope.projectId } : {}) } : r.scope,
    realm: r.realm,
    fields: r.fields,
    filters: r.filters,
    // An open bound stays open: sent again, a request without `to` runs up to its own request time.
    ...(r.dateFrom ? { from: r.dateFrom } : {}),
    ...(r.dateTo ? { to: r.dateTo } : {}),
    timezone: r.timezone,
    format: r.format,
    options: { csvBom: r.options.csvBom ?? false, formulaGuard: r.options.formulaGuard ?? true },
    // Only when asked for, so a request without parts reads as it always did.
    ...(r.parts ? { parts: r.parts } : {}),
  };
}

/** The engine's requests for one export: one per realm, each querying its own realm. */
export function realmRequestsOf(request: CheckedRequest): ExportRequest[] {
  return [request];
}

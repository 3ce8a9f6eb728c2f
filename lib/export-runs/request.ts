import type { ExportRow } from "@/db/schema";
import type { ExportRequest } from "../exports";

/** The export engine's request for a stored export row. */
export function engineRequestOf(row: ExportRow): ExportRequest {
  return {
    organizationId: row.organizationId,
    tenantId: row.tenantId,
    scope: row.scope,
    realm: row.realm,
    fields: row.fields,
    filters: row.filters,
    dateFrom: row.dateFrom,
    dateTo: row.dateTo,
    timezone: row.timezone,
    format: row.format,
    options: row.options,
    scopeLabel: row.scopeLabel,
  };
}

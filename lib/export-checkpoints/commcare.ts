import type { ExportRow } from "@/db/schema";
import { AppError } from "../errors/app-error";
import { clientRequestOf, requestOfRow } from "../export-requests/request";

/** CommCare's format names the portal offers, and what they are here. Its default is Excel 2007 (xlsx). */
const FORMATS: Record<string, ExportRow["format"]> = { csv: "csv", xlsx: "xlsx", json: "json" };

/** Keys of CommCare's export URLs that have no meaning here, with the reason a caller is told. */
const REFUSED: Record<string, string> = {
  include_errors:
    "The include_errors parameter has no meaning here: the portal exports the warehouse's rows, which holds no duplicates or unparsed submissions. Leave it out.",
  max_column_size:
    "The max_column_size parameter is not offered: the portal's column headers are the realm's field names, which are never truncated. Leave it out.",
  export_tag: "The export_tag parameter is not needed: the export in the address already names what to export. Leave it out.",
};

export interface CommCareQuery {
  format: ExportRow["format"];
  previousExport: string | null;
}

function refuse(field: string, message: string): never {
  throw new AppError("invalid", message, { [field]: message });
}

/** The query of the CommCare-compatible route: previous_export and format; any other key is refused with the reason. */
export function parseCommCareQuery(params: URLSearchParams): CommCareQuery {
  for (const key of params.keys()) {
    if (key === "previous_export" || key === "format") continue;
    refuse(key, REFUSED[key] ?? `The parameter ${JSON.stringify(key.slice(0, 40))} is not one this address takes; use previous_export and format only.`);
  }
  const name = (params.get("format") ?? "xlsx").toLowerCase();
  const format = FORMATS[name];
  if (!format) refuse("format", `The format ${JSON.stringify(name.slice(0, 20))} is not offered here; choose csv, xlsx or json.`);
  const previous = params.get("previous_export");
  return { format, previousExport: previous ? previous : null };
}

/**
 * The request the route queues: the named export's stream (realms, scope, filters, fields) and dates, in the
 * format asked for, since the checkpoint passed as previous_export, or a full export without one.
 */
export function commCareRequestOf(template: ExportRow, q: CommCareQuery): Record<string, unknown> {
  const request: Record<string, unknown> = { ...clientRequestOf(requestOfRow(template)), format: q.format, name: template.name };
  delete request.incremental;
  delete request.parts;
  if (q.previousExport) request.since = q.previousExport;
  return request;
}

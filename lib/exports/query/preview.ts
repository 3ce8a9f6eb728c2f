import { compileFromWhere } from "./compile";
import { quoteIdent, quoteLiteral, SqlText } from "./sql-text";
import type { Sql } from "./session";
import type { ExportRequest } from "../types";
import { validateRequest } from "./validate";

/**
 * A few records for the request form, as JSON-safe values rendered the way the export renders them:
 * timestamps as ISO 8601 with the request zone's offset, JSON as objects, ids as numbers.
 */
export async function previewRows(sql: Sql, req: ExportRequest, limit = 5): Promise<Record<string, unknown>[]> {
  const valid = validateRequest(req);
  const n = Math.min(Math.max(Math.trunc(limit), 0), 100);
  // json_build_object prints timestamptz as ISO 8601 in the session zone, the same text the export has.
  const object = valid.fields.map((f) => `${quoteLiteral(f.name)}, ${quoteIdent(f.name)}`).join(", ");
  const { text, values } = new SqlText()
    .add(`SELECT json_build_object(${object}) AS record`)
    .append(compileFromWhere(valid))
    .add(` LIMIT ${n}`)
    .toParameterized();
  const rows = await sql.begin(async (tx) => {
    await tx`select set_config('TimeZone', ${req.timezone}, true)`;
    return tx.unsafe<{ record: Record<string, unknown> }[]>(text, values as never[]);
  });
  return rows.map((r) => r.record);
}

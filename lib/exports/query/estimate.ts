import { compileQuery } from "./compile";
import type { Sql } from "./session";
import type { ExportRequest } from "../types";

const QUERY_CANCELED = "57014";

/**
 * Rows the export will hold: an exact count when it finishes within the timeout, otherwise the planner's
 * estimate, so a huge range never holds the request up with a long scan.
 */
export async function estimateRows(sql: Sql, req: ExportRequest, opts: { timeoutMs?: number } = {}): Promise<{ rows: number; exact: boolean }> {
  const { text, values } = compileQuery(req);
  const timeoutMs = Math.max(1, Math.round(opts.timeoutMs ?? 1500));
  try {
    const [row] = await sql.begin(async (tx) => {
      await tx`select set_config('statement_timeout', ${String(timeoutMs)}, true)`;
      return tx.unsafe<{ n: string }[]>(`SELECT count(*) AS n FROM (${text}) AS export`, values as never[]);
    });
    return { rows: Number(row.n), exact: true };
  } catch (err) {
    if ((err as { code?: string }).code !== QUERY_CANCELED) throw err;
  }
  const [plan] = await sql.unsafe<{ "QUERY PLAN": [{ Plan: { "Plan Rows": number } }] }[]>(`EXPLAIN (FORMAT JSON) ${text}`, values as never[]);
  return { rows: Math.round(plan["QUERY PLAN"][0].Plan["Plan Rows"]), exact: false };
}

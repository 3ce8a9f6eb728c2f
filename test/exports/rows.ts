import type postgres from "postgres";
import { FORMULA_START_CHARS } from "../../lib/exports/formats/formula-guard";
import type { TestScope } from "./support";

/** Text that exports must carry unchanged (or guarded, in spreadsheets). */
export const NASTY_TEXT: (string | null)[] = [
  'a "quoted", comma',
  "line1\nline2\r\nline3",
  "tab\there",
  "Ünïcödé 日本語 🎉👩‍👩‍👧",
  "=SUM(A1:A9)",
  "+1",
  "-2",
  "@me",
  "\tleading tab",
  "\rleading cr",
  "",
  null,
  "back\\slash \\n not a newline",
  "'; drop table warehouse.jobs; --",
  "x".repeat(100_000),
  "\u0001control\u001f",
];

/** Instants around the Europe/Amsterdam switch to summer time (2025-03-30 02:00 → 03:00 local). */
export const DST_ROWS = [
  { utc: "2025-03-30T00:30:00Z", local: "2025-03-30T01:30:00+01:00" },
  { utc: "2025-03-30T00:59:59.123456Z", local: "2025-03-30T01:59:59.123456+01:00" },
  { utc: "2025-03-30T01:00:00Z", local: "2025-03-30T03:00:00+02:00" },
  { utc: "2025-03-30T01:30:00Z", local: "2025-03-30T03:30:00+02:00" },
];

export interface JobRow {
  job_id: string;
  user_name: string;
  job_name: string | null;
  submitted_at: string;
  started_at: string | null;
  nodes: number;
  cores: number;
  cpu_hours: number | null;
  memory_gb: number | null;
  exit_code: number | null;
}

/** One job per nasty text value, spread over the DST instants, with numbers at their limits. */
export function jobRows(): JobRow[] {
  const doubles = [1.7976931348623157e308, 5e-324, -3.5, 0.1, 0, 123456789.125];
  return NASTY_TEXT.map((text, i) => ({
    job_id: `job-${i}`,
    user_name: text ?? "nobody",
    job_name: text,
    submitted_at: DST_ROWS[i % DST_ROWS.length].utc,
    started_at: i % 3 === 0 ? null : DST_ROWS[(i + 1) % DST_ROWS.length].utc,
    nodes: i % 2 ? 2147483647 : -2147483648,
    cores: i,
    cpu_hours: i % 5 === 4 ? null : doubles[i % doubles.length],
    memory_gb: -3.5,
    exit_code: i % 4 === 0 ? null : -i,
  }));
}

export async function insertJobs(sql: postgres.Sql, scope: TestScope, rows: JobRow[]): Promise<void> {
  for (const r of rows) {
    await sql`insert into warehouse.jobs (organization_id, tenant_id, project_id, app_id, job_id, user_name, job_name, queue,
      submitted_at, started_at, ended_at, nodes, cores, cpu_hours, memory_gb, exit_state, exit_code)
      values (${scope.organizationId}, ${scope.tenantId}, ${scope.projectId}, ${scope.appId}, ${r.job_id}, ${r.user_name}, ${r.job_name},
        ${r.job_name ?? "q"}, ${r.submitted_at}::text::timestamptz, ${r.started_at}::text::timestamptz, null, ${r.nodes}, ${r.cores}, ${r.cpu_hours}, ${r.memory_gb}, 'completed', ${r.exit_code})`;
  }
}

/** Plain text of a timestamp the way the export must print it in Europe/Amsterdam. */
export function localOf(utc: string | null): string | null {
  if (utc === null) return null;
  const hit = DST_ROWS.find((d) => d.utc === utc);
  if (!hit) throw new Error(`no local rendering for ${utc}`);
  return hit.local;
}

export function guarded(text: string | null): string | null {
  // The characters come from the engine (defined once); applying them is written out here, as the oracle.
  return text !== null && text !== "" && FORMULA_START_CHARS.includes(text[0]) ? `'${text}` : text;
}

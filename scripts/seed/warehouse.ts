import type { Sql } from "../../db/client";

export interface SeedApp {
  organizationId: string;
  tenantId: string;
  projectId: string;
  appId: string;
}

export interface WarehouseSeedOptions {
  apps: SeedApp[];
  rowsPerRealm: number;
  /** Inclusive range the time column is spread over, evenly. */
  from?: string;
  to?: string;
}

/*
 * Rows are generated inside Postgres (generate_series) so millions load in seconds. Values come from
 * hashes of the row number, so the same options always produce the same rows. Text columns draw from
 * lists that include quotes, commas, newlines, non-ASCII text, formula-like prefixes and NULLs, which
 * is what real exports have to survive.
 */
const pick = (list: string[], salt: number, row = "s") =>
  `(array[${list.map((v) => (v === "NULL" ? "NULL" : `'${v.replace(/'/g, "''")}'`)).join(",")}]::text[])[1 + abs(hashint8(${row}.i * 31 + ${salt})::bigint) % ${list.length}]`;
const num = (mod: number, salt: number, row = "s") => `(abs(hashint8(${row}.i * 17 + ${salt})::bigint) % ${mod})`;

const users = ["alice", "bob", "chen.wei", "d'angelo", "éloïse", "françois", "jürgen", "o'brien", "søren", "zoë"];
const queues = ["batch", "gpu", "highmem", "debug", "long"];
const jobNames = [
  "train-model",
  'align "reads"',
  "simulate, step 2",
  "nightly\nbackup",
  "ETL – daily",
  "=SUM(A1:A9)",
  "📊 report",
  "NULL",
  "render-frames",
  "+calc",
];
const exitStates = ["completed", "completed", "completed", "completed", "failed", "cancelled", "timeout", "node_fail"];
const eventTypes = ["session_start", "screen_view", "click", "purchase", "session_end", "error", "search"];
const platforms = ["ios", "android", "web", "kiosk"];
const countries = ["NL", "SE", "DE", "US", "JP", "BR", "NULL"];
const searches = ["shoes, red", 'café "latte"', "naïve query", "multi\nline", "@mention", "-discount", "日本語", "emoji 🎉"];
const assays = ["Basic metabolic panel", "Lipid panel", "CBC", "HbA1c", "Thyroid panel"];
const analytes: [string, string, number, number][] = [
  ["Glucose", "mg/dL", 70, 99],
  ["Sodium", "mmol/L", 135, 145],
  ["Cholesterol, total", "mg/dL", 125, 200],
  ["Hemoglobin", "g/dL", 12, 17.5],
  ["HbA1c", "%", 4, 5.6],
  ["TSH", "mIU/L", 0.4, 4],
];
const comments = [
  "NULL",
  "NULL",
  "NULL",
  'Hemolysed sample, "repeat" advised',
  "Läuft; bitte prüfen",
  "Called to clinician,\nread back OK",
  '=HYPERLINK("x")',
  "Résultat confirmé",
  "Fasting: no",
];

function appsCte(): string {
  return `apps as (
    select row_number() over () - 1 as n, a.*
    from jsonb_to_recordset($1::text::jsonb) as a("organizationId" uuid, "tenantId" uuid, "projectId" uuid, "appId" uuid)
  ), g as (
    select i, (select count(*) from apps) as napps from generate_series(1, $2::bigint) as i
  ), s as (
    select g.i, apps.*,
      date_trunc('second', $3::timestamptz + (($4::timestamptz - $3::timestamptz) * ((g.i - 1)::double precision / greatest($2::bigint, 1)))) as t
    from g join apps on apps.n = g.i % g.napps
  )`;
}

export async function seedWarehouse(sql: Sql, opts: WarehouseSeedOptions): Promise<void> {
  if (opts.apps.length === 0 || opts.rowsPerRealm <= 0) return;
  const from = opts.from ?? "2024-01-01T00:00:00Z";
  const to = opts.to ?? "2026-06-30T23:59:59Z";
  const params = [JSON.stringify(opts.apps), opts.rowsPerRealm, from, to];
  const analyteIdx = num(analytes.length, 5);
  const analyteCol = (k: number, cast: string) =>
    `(array[${analytes.map((a) => (typeof a[k] === "number" ? String(a[k]) : `'${a[k]}'`)).join(",")}]::${cast}[])[1 + ${analyteIdx}]`;

  await sql.unsafe(
    `with ${appsCte()}
    insert into warehouse.jobs (organization_id, tenant_id, project_id, app_id, job_id, user_name, job_name, queue,
      submitted_at, started_at, ended_at, nodes, cores, cpu_hours, memory_gb, exit_state, exit_code)
    select "organizationId", "tenantId", "projectId", "appId",
      'job-' || (1000000 + s.i)::text,
      ${pick(users, 1)},
      ${pick(jobNames, 2)},
      ${pick(queues, 3)},
      s.t,
      case when ${num(10, 4)} = 0 then null else s.t + make_interval(secs => (${num(3600, 6)})::double precision) end,
      case when ${num(10, 4)} = 0 then null else s.t + make_interval(secs => (${num(3600, 6)} + 60 + ${num(86400, 7)})::double precision) end,
      1 + ${num(16, 8)},
      (1 + ${num(16, 8)}) * (array[1,8,32,64,128])[1 + ${num(5, 9)}],
      round((${num(1000000, 10)} / 1000.0)::numeric, 3)::double precision,
      case when ${num(20, 11)} = 0 then null else round((${num(512000, 12)} / 1000.0)::numeric, 2)::double precision end,
      ${pick(exitStates, 13)},
      case when ${num(10, 4)} = 0 then null else (array[0,0,0,1,137,-9,255])[1 + ${num(7, 14)}] end
    from s`,
    params as never[],
  );

  await sql.unsafe(
    `with ${appsCte()}
    insert into warehouse.events (organization_id, tenant_id, project_id, app_id, event_time, event_type, device_id,
      session_id, platform, country, properties)
    select "organizationId", "tenantId", "projectId", "appId", s.t,
      ${pick(eventTypes, 21)},
      'dev-' || lpad(to_hex(${num(50000, 22)}), 6, '0'),
      'ses-' || md5((s.i / 7)::text),
      ${pick(platforms, 23)},
      ${pick(countries, 24)},
      case when ${num(15, 25)} = 0 then null else jsonb_build_object(
        'screen', 'screen_' || ${num(40, 26)},
        'duration_ms', ${num(120000, 27)},
        'query', ${pick(searches, 28)},
        'amount', case when ${num(4, 29)} = 0 then round((${num(100000, 30)} / 100.0)::numeric, 2) else null end,
        'tags', jsonb_build_array('beta', 'v' || ${num(5, 31)})) end
    from s`,
    params as never[],
  );

  await sql.unsafe(
    `with ${appsCte()}, v as (
      select s.*, ${analyteIdx} as a,
        case when ${num(25, 41)} = 0 then null
          else ${analyteCol(2, "double precision")} * (0.6 + ${num(900, 42)} / 1000.0) end as value
      from s
    )
    insert into warehouse.lab_results (organization_id, tenant_id, project_id, app_id, participant_id, assay, analyte,
      value, unit, reference_low, reference_high, flag, collected_at, reported_at, comment)
    select "organizationId", "tenantId", "projectId", "appId",
      'P-' || lpad((${num(5000, 43, "v")})::text, 5, '0'),
      ${pick(assays, 44, "v")},
      (array[${analytes.map((a) => `'${a[0]}'`).join(",")}]::text[])[1 + v.a],
      round(v.value::numeric, 2)::double precision,
      (array[${analytes.map((a) => `'${a[1]}'`).join(",")}]::text[])[1 + v.a],
      (array[${analytes.map((a) => a[2]).join(",")}]::double precision[])[1 + v.a],
      (array[${analytes.map((a) => a[3]).join(",")}]::double precision[])[1 + v.a],
      case when v.value is null then null
        when v.value < (array[${analytes.map((a) => a[2]).join(",")}]::double precision[])[1 + v.a] then 'L'
        when v.value > (array[${analytes.map((a) => a[3]).join(",")}]::double precision[])[1 + v.a] then 'H'
        else 'N' end,
      v.t,
      case when ${num(30, 45, "v")} = 0 then null else v.t + make_interval(hours => (2 + ${num(70, 46, "v")})::int) end,
      ${pick(comments, 47, "v")}
    from v`,
    params as never[],
  );
}

import type postgres from "postgres";

export interface BenchScope {
  organizationId: string;
  tenantId: string;
  projectId: string;
  appId: string;
}

// Values come from hashes of the row number so every run loads the same rows; the lists carry the
// characters real exports must survive: quotes, commas, newlines, non-ASCII, emoji, formula prefixes.
const lit = (v: string) => `'${v.replace(/'/g, "''")}'`;
const pick = (list: (string | null)[], salt: number) =>
  `(array[${list.map((v) => (v === null ? "NULL" : lit(v))).join(",")}]::text[])[1 + abs(hashint8(i * 31 + ${salt})) % ${list.length}]`;
const num = (mod: number, salt: number) => `(abs(hashint8(i * 17 + ${salt})) % ${mod})`;

const users = ["alice", "bob", "chen.wei", "d'angelo", "éloïse", "jürgen", "o'brien", "søren", "zoë"];
const jobNames = ["train-model", 'align "reads"', "simulate, step 2", "nightly\nbackup", "ETL – daily", "=SUM(A1:A9)", "📊 report", null, "+calc"];
const states = ["completed", "completed", "completed", "failed", "cancelled", "timeout", "node_fail"];
const eventTypes = ["session_start", "screen_view", "click", "purchase", "session_end", "error", "search"];
const searches = ["shoes, red", 'café "latte"', "naïve query", "multi\nline", "@mention", "-discount", "日本語", "emoji 🎉"];

/** Loads `rows` realistic rows of the jobs and/or events realm for one scope, spread over [from, to). */
export async function loadRealm(sql: postgres.Sql, realm: "jobs" | "events", scope: BenchScope, rows: number, from: string, to: string) {
  const t = `($3::timestamptz + ($4::timestamptz - $3::timestamptz) * ((i - 1)::float8 / $5::bigint))`;
  const values = [scope.organizationId, scope.tenantId, from, to, rows, scope.projectId, scope.appId];
  if (realm === "jobs") {
    await sql.unsafe(
      `insert into warehouse.jobs (organization_id, tenant_id, project_id, app_id, job_id, user_name, job_name, queue,
         submitted_at, started_at, ended_at, nodes, cores, cpu_hours, memory_gb, exit_state, exit_code)
       select $1::uuid, $2::uuid, $6::uuid, $7::uuid, 'slurm-' || (1000000 + i), ${pick(users, 1)}, ${pick(jobNames, 2)},
         ${pick(["batch", "gpu", "highmem", "debug"], 3)},
         date_trunc('second', ${t}),
         case when ${num(10, 4)} = 0 then null else date_trunc('second', ${t}) + ${num(3600, 5)} * interval '1 second' end,
         case when ${num(10, 4)} = 0 then null else ${t} + ${num(86400, 6)} * interval '1 second' end,
         1 + ${num(64, 7)}, 1 + ${num(4096, 8)}, ${num(1000000, 9)} / 97.0, case when ${num(20, 10)} = 0 then null else ${num(500000, 11)} / 1000.0 end,
         ${pick(states, 12)}, case when ${num(5, 13)} = 0 then null else ${num(256, 14)}::int - 2 end
       from generate_series(1, $5::bigint) as i`,
      values as never[],
    );
  } else {
    await sql.unsafe(
      `insert into warehouse.events (organization_id, tenant_id, project_id, app_id, event_time, event_type, device_id, session_id,
         platform, country, properties)
       select $1::uuid, $2::uuid, $6::uuid, $7::uuid, ${t}, ${pick(eventTypes, 1)}, 'dev-' || md5((i % 50000)::text),
         'ses-' || (i / 20), ${pick(["ios", "android", "web", "kiosk"], 2)}, ${pick(["NL", "SE", "DE", "US", "JP", "BR", null], 3)},
         case when ${num(8, 4)} = 0 then null else jsonb_build_object('screen', ${pick(["home", "cart", "détail", "設定"], 5)},
           'query', ${pick(searches, 6)}, 'value', ${num(100000, 7)} / 100.0, 'items', jsonb_build_array(${num(9, 8)}, ${num(99, 9)})) end
       from generate_series(1, $5::bigint) as i`,
      values as never[],
    );
  }
  await sql.unsafe(`analyze warehouse.${realm}`);
}

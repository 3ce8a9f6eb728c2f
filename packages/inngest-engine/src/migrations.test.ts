import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { MIGRATIONS, migrate, type Migration } from "./migrations";
import { listRuns, startTestEngine, uniqueSchema } from "../testing";

/*
 * Versioned migrations against the real Postgres, including a database as engines created it before
 * migrations were versioned: LEGACY_SCHEMA is that code's SQL, unchanged (it ran on every start).
 */
const LEGACY_SCHEMA = [
  `create table if not exists apps (
    id text primary key,
    url text not null,
    sdk text,
    framework text,
    synced_at timestamptz not null default now()
  )`,
  `create table if not exists functions (
    id text primary key,
    app_id text not null references apps(id) on delete cascade,
    config jsonb not null,
    updated_at timestamptz not null default now()
  )`,
  `create table if not exists events (
    internal_id text primary key,
    id text not null,
    name text not null,
    payload jsonb not null,
    ts bigint not null,
    received_at timestamptz not null default now()
  )`,
  `create index if not exists events_id_idx on events (id, received_at)`,
  `create table if not exists runs (
    id text primary key,
    seq bigserial not null,
    function_id text not null,
    event_internal_id text not null references events(internal_id),
    event_name text not null,
    event_ts bigint not null,
    config jsonb not null,
    status text not null check (status in ('queued', 'running', 'completed', 'failed', 'cancelled')),
    concurrency_keys text[] not null default '{}',
    disable_immediate boolean not null default false,
    request_version int,
    output jsonb,
    error jsonb,
    queued_at timestamptz not null default now(),
    started_at timestamptz,
    ended_at timestamptz
  )`,
  `create index if not exists runs_function_status_idx on runs (function_id, status, event_ts, seq)`,
  `create index if not exists runs_queued_at_idx on runs (queued_at desc)`,
  `create index if not exists runs_event_idx on runs (event_internal_id)`,
  `create table if not exists steps (
    run_id text not null references runs(id) on delete cascade,
    step_id text not null,
    result jsonb not null,
    seq bigserial not null,
    completed_at timestamptz not null default now(),
    primary key (run_id, step_id)
  )`,
  `create table if not exists calls (
    id bigserial primary key,
    run_id text not null references runs(id) on delete cascade,
    kind text not null check (kind in ('discovery', 'step', 'wake')),
    step_id text,
    attempt int not null default 0,
    status text not null default 'pending' check (status in ('pending', 'done', 'cancelled')),
    run_at timestamptz not null default now(),
    created_at timestamptz not null default now(),
    error jsonb
  )`,
  `create index if not exists calls_pending_idx on calls (run_id) where status = 'pending'`,
  `create table if not exists cron_ticks (
    function_id text not null,
    trigger_index int not null,
    tick timestamptz not null,
    run_id text,
    primary key (function_id, trigger_index, tick)
  )`,
];

const TABLES = ["apps", "functions", "events", "runs", "steps", "calls", "cron_ticks"];
const pools: postgres.Sql[] = [];
function pool(schema?: string): postgres.Sql {
  const sql = postgres(process.env.DATABASE_URL ?? "", { max: 2, onnotice: () => {}, ...(schema ? { connection: { search_path: schema } } : {}) });
  pools.push(sql);
  return sql;
}
const admin = pool();

afterAll(async () => {
  for (const sql of pools) await sql.end();
});

async function createLegacy(schema: string): Promise<void> {
  const sql = pool(schema);
  await sql.begin(async (tx) => {
    await tx.unsafe(`create schema if not exists "${schema}"`);
    for (const statement of LEGACY_SCHEMA) await tx.unsafe(statement);
  });
  await sql`insert into apps (id, url, sdk, framework) values ('portal', 'http://127.0.0.1:1/api/inngest', 'js:v4.24.0', 'nextjs')`;
  await sql`insert into functions (id, app_id, config) values ('portal-run-export', 'portal', ${sql.json({ id: "portal-run-export", triggers: [{ event: "export/requested" }] })})`;
  await sql`insert into events (internal_id, id, name, payload, ts) values ('01J0EVENT', 'e-1', 'export/requested', ${sql.json({ name: "export/requested", data: { exportId: "x1" } })}, 1700000000000)`;
  await sql`
    insert into runs (id, function_id, event_internal_id, event_name, event_ts, config, status, concurrency_keys, output, queued_at, started_at, ended_at)
    values ('01J0RUN', 'portal-run-export', '01J0EVENT', 'export/requested', 1700000000000, ${sql.json({ id: "portal-run-export", maxAttempts: 4 })},
      'completed', '{org-a}', ${sql.json({ rows: 42 })}, now() - interval '2 minutes', now() - interval '1 minute', now())`;
  await sql`insert into steps (run_id, step_id, result) values ('01J0RUN', 'query', ${sql.json({ data: { rows: 42 } })})`;
  await sql`insert into calls (run_id, kind, step_id, attempt, status) values ('01J0RUN', 'step', 'query', 1, 'done')`;
  await sql`insert into cron_ticks (function_id, trigger_index, tick, run_id) values ('portal-expire-exports', 0, now(), null)`;
}

/** Every row of the engine's tables, as JSON. */
async function rows(schema: string): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of TABLES) {
    const found = await admin.unsafe<{ row: unknown }[]>(`select to_jsonb(t) as row from "${schema}".${table} t order by to_jsonb(t)::text`);
    out[table] = found.map((r) => r.row);
  }
  return out;
}

/** Columns, defaults, indexes and constraints, with the schema's name taken out so two schemas compare. */
async function structure(schema: string): Promise<string> {
  const columns = await admin`
    select table_name, column_name, data_type, is_nullable, column_default from information_schema.columns
    where table_schema = ${schema} order by table_name, ordinal_position`;
  const indexes = await admin`select tablename, indexname, indexdef from pg_indexes where schemaname = ${schema} order by indexname`;
  const constraints = await admin`
    select conrelid::regclass::text as table_name, conname, pg_get_constraintdef(oid) as definition
    from pg_constraint where connamespace = ${schema}::regnamespace order by conname`;
  return JSON.stringify({ columns, indexes, constraints }).replaceAll(schema, "<schema>");
}

/** The engine's own versions: 1, 2 … up to the newest. */
const released = MIGRATIONS.map((m) => m.version);
const newest = released.length;

const versions = async (schema: string) =>
  (await admin.unsafe<{ version: number; name: string }[]>(`select version, name from "${schema}".schema_migrations order by version`)).map((r) => r.version);

describe("engine migrations", () => {
  it("creates a fresh schema once, however many engines start at the same moment", async () => {
    const schema = uniqueSchema("migrate_fresh");
    const results = await Promise.all([migrate(pool(schema), schema), migrate(pool(schema), schema)]);
    // Each version runs in its own transaction, so the two engines may share the work (one applies 1, the
    // other 2), but together they apply every version exactly once.
    expect(results.flat().sort((a, b) => a - b)).toEqual(released);
    expect(await versions(schema)).toEqual(released);
    expect(await migrate(pool(schema), schema)).toEqual([]);
    expect(await versions(schema)).toEqual(released);
  });

  it("upgrades a database created before versioned migrations without losing data, to the structure of a fresh one", async () => {
    const legacy = uniqueSchema("migrate_legacy");
    await createLegacy(legacy);
    const before = await rows(legacy);
    expect(before.runs).toHaveLength(1);

    // Through the engine's own start, as an upgraded engine meets its old database.
    const started = await startTestEngine("migrate_legacy", { schema: legacy, retentionDays: 0 });
    try {
      expect(await listRuns(started.engine.url, started.keys)).toEqual([
        expect.objectContaining({ id: "01J0RUN", function: "portal-run-export", status: "completed" }),
      ]);
    } finally {
      await started.engine.stop();
    }

    // Every row kept; version 2 added calls.unreachable_since, empty on old calls.
    expect(await rows(legacy)).toEqual({ ...before, calls: before.calls.map((call) => ({ ...(call as object), unreachable_since: null })) });
    const [adopted] = await admin.unsafe<{ version: number; name: string }[]>(`select version, name from "${legacy}".schema_migrations order by version`);
    expect(adopted).toMatchObject({ version: 1, name: expect.stringContaining("adopted: created before versioned migrations") });
    const fresh = uniqueSchema("migrate_compare");
    await migrate(pool(fresh), fresh);
    expect(await structure(legacy)).toEqual(await structure(fresh));
  });

  it("applies later versions once each, in order; a failing one is rolled back alone", async () => {
    const schema = uniqueSchema("migrate_next");
    const sql = pool(schema);
    expect(await migrate(sql, schema)).toEqual(released);
    const note: Migration = { version: newest + 1, name: "app notes", statements: ["alter table apps add column note text"] };
    const broken: Migration = { version: newest + 2, name: "broken", statements: ["alter table apps add column extra text", "select 1/0"] };
    await expect(migrate(sql, schema, [...MIGRATIONS, note, broken])).rejects.toThrow(/division by zero/);
    expect(await versions(schema)).toEqual([...released, newest + 1]);
    const appColumns = async () =>
      (await admin`select column_name from information_schema.columns where table_schema = ${schema} and table_name = 'apps'`).map((r) => r.column_name);
    expect(await appColumns()).toContain("note");
    expect(await appColumns()).not.toContain("extra");

    const fixed: Migration = { version: newest + 2, name: "extra", statements: ["alter table apps add column extra text"] };
    expect(await migrate(sql, schema, [...MIGRATIONS, note, fixed])).toEqual([newest + 2]);
    expect(await migrate(sql, schema, [...MIGRATIONS, note, fixed])).toEqual([]);
    expect(await appColumns()).toContain("extra");
    // An older engine meeting the newer schema refuses it rather than running against tables it does not know.
    await expect(migrate(sql, schema)).rejects.toThrow(`is at version ${newest + 2}, newer than this engine knows (${newest})`);
  });

  it("refuses a list of migrations with a gap in its versions", async () => {
    const schema = uniqueSchema("migrate_gap");
    const gap = { version: newest + 2, name: "gap", statements: [] };
    await expect(migrate(pool(schema), schema, [...MIGRATIONS, gap])).rejects.toThrow(`found version ${newest + 2} at ${newest + 1}`);
  });
});

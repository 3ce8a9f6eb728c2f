import type { Sql, Tx } from "./db";

/** One step of the engine's schema. A released migration is never edited: change the schema with the next version. */
export interface Migration {
  version: number;
  name: string;
  statements: string[];
}

/**
 * The engine's tables, version by version. Version 1 is the schema engines created before migrations were
 * versioned; such a database is adopted as version 1 (see `adoptUnversioned`), so it must stay exactly that.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: "apps, functions, events, runs, steps, calls and cron ticks",
    statements: [
      `create table apps (
        id text primary key,
        url text not null,
        sdk text,
        framework text,
        synced_at timestamptz not null default now()
      )`,
      `create table functions (
        id text primary key,
        app_id text not null references apps(id) on delete cascade,
        config jsonb not null,
        updated_at timestamptz not null default now()
      )`,
      `create table events (
        internal_id text primary key,
        id text not null,
        name text not null,
        payload jsonb not null,
        ts bigint not null,
        received_at timestamptz not null default now()
      )`,
      `create index events_id_idx on events (id, received_at)`,
      `create table runs (
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
      `create index runs_function_status_idx on runs (function_id, status, event_ts, seq)`,
      `create index runs_queued_at_idx on runs (queued_at desc)`,
      `create index runs_event_idx on runs (event_internal_id)`,
      `create table steps (
        run_id text not null references runs(id) on delete cascade,
        step_id text not null,
        result jsonb not null,
        seq bigserial not null,
        completed_at timestamptz not null default now(),
        primary key (run_id, step_id)
      )`,
      `create table calls (
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
      `create index calls_pending_idx on calls (run_id) where status = 'pending'`,
      `create table cron_ticks (
        function_id text not null,
        trigger_index int not null,
        tick timestamptz not null,
        run_id text,
        primary key (function_id, trigger_index, tick)
      )`,
    ],
  },
  {
    version: 2,
    name: "calls remember since when the app has been unreachable",
    // Set on the calls that follow a failed connection, so the wait is measured across them and an engine restart.
    statements: [`alter table calls add column unreachable_since timestamptz`],
  },
];

/**
 * Brings the schema (on the pool's search path) to the newest version. Each pending migration runs once, in
 * its own transaction, under an advisory lock per schema, so engines starting together neither race nor
 * apply a version twice; a failed migration leaves the versions before it applied. Returns the versions applied.
 */
export async function migrate(sql: Sql, schema: string, migrations: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  assertSequence(migrations);
  const applied: number[] = [];
  for (const migration of migrations) {
    const ran = await sql.begin(async (tx) => {
      await tx`select pg_advisory_xact_lock(hashtext(${`inngest-engine-migrate:${schema}`}))`;
      if ((await currentVersion(tx, schema, migrations)) >= migration.version) return false;
      for (const statement of migration.statements) await tx.unsafe(statement);
      await tx`insert into ${tx(schema)}.schema_migrations (version, name) values (${migration.version}, ${migration.name})`;
      return true;
    });
    if (ran) applied.push(migration.version);
  }
  return applied;
}

/** The schema's version, creating the schema and its migrations table on first use. */
async function currentVersion(tx: Tx, schema: string, migrations: readonly Migration[]): Promise<number> {
  await tx.unsafe(`create schema if not exists "${schema}"`);
  await tx.unsafe(`create table if not exists "${schema}".schema_migrations (
    version int primary key,
    name text not null,
    applied_at timestamptz not null default now()
  )`);
  const [{ version }] = await tx<{ version: number | null }[]>`select max(version)::int as version from ${tx(schema)}.schema_migrations`;
  const current = version ?? (await adoptUnversioned(tx, schema, migrations));
  const newest = migrations.length;
  if (current > newest)
    throw new Error(`The engine's schema "${schema}" is at version ${current}, newer than this engine knows (${newest}): run the newer engine`);
  return current;
}

/**
 * A schema created before migrations were versioned holds version 1's tables but no record of it. It was
 * created in one transaction, so its `apps` table stands for all of version 1: record it rather than run it.
 */
async function adoptUnversioned(tx: Tx, schema: string, migrations: readonly Migration[]): Promise<number> {
  const [{ found }] = await tx<{ found: boolean }[]>`select to_regclass(${`"${schema}".apps`}) is not null as found`;
  if (!found) return 0;
  await tx`insert into ${tx(schema)}.schema_migrations (version, name) values (1, ${`${migrations[0].name} (adopted: created before versioned migrations)`})`;
  return 1;
}

function assertSequence(migrations: readonly Migration[]): void {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) throw new Error(`Engine migrations must be numbered 1, 2, 3 …; found version ${migration.version} at ${index + 1}`);
  });
}

import type { Sql } from "./db";

/** The engine's tables; every statement is idempotent so it runs on each start. */
function statements(): string[] {
  return [
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
}

export async function migrate(sql: Sql, schema: string): Promise<void> {
  await sql.begin(async (tx) => {
    // Two engines starting at once must not race on "create … if not exists".
    await tx`select pg_advisory_xact_lock(hashtext(${`inngest-engine-migrate:${schema}`}))`;
    await tx.unsafe(`create schema if not exists "${schema}"`);
    for (const statement of statements()) await tx.unsafe(statement);
  });
}

import { Logger, run, runMigrations, type Runner, type Task } from "graphile-worker";
import pg from "pg";
import { selfRefusingStream } from "./self-connect";
import { admitRuns } from "./admit";
import { pruneHistory } from "./prune";
import { addJob, withTx, type EngineContext } from "./db";
import { invokeFunction, type CallInput } from "./invoke";
import { applyOutcome, wakeRun } from "./outcome";
import { runCronTick, scheduleNextTick, type CronJobPayload } from "./schedule";
import type { CallRow, EngineEvent, RunRow } from "./types";

export interface WorkerOptions {
  connectionString: string;
  /** Jobs that call the app at once; each may wait for a long step. */
  concurrency: number;
}

/**
 * Two graphile-worker pools on the engine's worker schema: one for calls to the app, which can take long,
 * and one for timers (sleep wake-ups, admissions, cron ticks), so a slow step never delays a timer.
 */
export async function startWorkers(ctx: EngineContext, opts: WorkerOptions): Promise<() => Promise<void>> {
  const logger = new Logger(() => (level, message) => {
    // graphile's LogLevel is a const enum of these strings, which an isolated module cannot import.
    const name: string = level;
    if (name === "error" || name === "warning") ctx.log(`[worker] ${name}: ${message}`);
  });
  // Pools of our own, so that every connection (reconnects included) refuses one that reached itself.
  const pools: pg.Pool[] = [];
  const pool = (max: number) => {
    const created = new pg.Pool({ connectionString: opts.connectionString, max, stream: selfRefusingStream });
    created.on("error", (error) => ctx.log(`[worker] pool: ${error.message}`));
    pools.push(created);
    return created;
  };
  const endPools = () => Promise.allSettled(pools.map((p) => p.end()));
  const shared = { schema: ctx.workerSchema, logger, noHandleSignals: true, pollInterval: 250 };
  const runners: Runner[] = [];
  try {
    await runMigrations({ ...shared, pgPool: pool(1) });
    await recover(ctx);
    runners.push(await run({ ...shared, concurrency: opts.concurrency, pgPool: pool(opts.concurrency), taskList: { call: callTask(ctx) } }));
    runners.push(
      await run({
        ...shared,
        concurrency: 2,
        pgPool: pool(2),
        taskList: { wake: wakeTask(ctx), admit: admitTask(ctx), cron: cronTask(ctx), prune: pruneTask(ctx) },
        // History older than the retention is forgotten once an hour.
        ...(ctx.retentionDays > 0 ? { crontab: "23 * * * * prune" } : {}),
      }),
    );
  } catch (error) {
    await Promise.allSettled(runners.map((runner) => runner.stop()));
    await endPools();
    throw error;
  }
  return async () => {
    await Promise.allSettled(runners.map((runner) => runner.stop()));
    await endPools();
  };
}

/**
 * After a crash, jobs locked by the dead process would stay locked for graphile's 4 hour expiry. Only one
 * engine runs per schema (startEngine holds an advisory lock), so every lock left now is a dead one. Then
 * every pending call, cron and admission gets its job back in case it was lost.
 */
async function recover(ctx: EngineContext): Promise<void> {
  const { sql } = ctx;
  const stale = await sql<{ locked_by: string }[]>`select distinct locked_by from ${sql(ctx.workerSchema)}.jobs where locked_by is not null`;
  if (stale.length > 0) {
    await sql`select ${sql(ctx.workerSchema)}.force_unlock_workers(${stale.map((row) => row.locked_by)}::text[])`;
    ctx.log(`recovered jobs locked by ${stale.length} stopped worker(s)`);
  }
  await withTx(ctx, async (scope) => {
    const pending = await scope.tx<{ id: string; kind: string; run_at: Date }[]>`select id, kind, run_at from calls where status = 'pending'`;
    for (const call of pending) {
      await addJob(
        scope,
        call.kind === "wake" ? "wake" : "call",
        { callId: String(call.id) },
        { runAt: call.run_at, jobKey: `call:${call.id}`, mode: "preserve_run_at" },
      );
    }
    const waiting = await scope.tx<{ function_id: string }[]>`select distinct function_id from runs where status = 'queued'`;
    for (const { function_id } of waiting) await addJob(scope, "admit", { functionId: function_id }, { jobKey: `admit:${function_id}` });
    const now = new Date();
    for (const fn of ctx.functions.all()) {
      for (const [index, trigger] of fn.triggers.entries()) {
        if ("cron" in trigger) await scheduleNextTick(scope, { functionId: fn.id, index, cron: trigger.cron }, now, "preserve_run_at");
      }
    }
  });
}

function callIdOf(payload: unknown): string {
  const callId = (payload as { callId?: unknown } | null)?.callId;
  if (typeof callId !== "string") throw new Error("job payload has no callId");
  return callId;
}

function callTask(ctx: EngineContext): Task {
  return async (payload) => {
    const callId = callIdOf(payload);
    const input = await loadCall(ctx, callId);
    if (!input) return;
    const outcome = await invokeFunction(ctx, input);
    await withTx(ctx, (scope) => applyOutcome(scope, callId, outcome));
  };
}

function wakeTask(ctx: EngineContext): Task {
  return async (payload) => {
    await withTx(ctx, (scope) => wakeRun(scope, callIdOf(payload)));
  };
}

function admitTask(ctx: EngineContext): Task {
  return async (payload) => {
    const functionId = (payload as { functionId?: unknown } | null)?.functionId;
    if (typeof functionId !== "string") throw new Error("admit job payload has no functionId");
    await withTx(ctx, (scope) => admitRuns(scope, functionId));
  };
}

function cronTask(ctx: EngineContext): Task {
  return async (payload, helpers) => {
    await withTx(ctx, (scope) => runCronTick(scope, payload as CronJobPayload, new Date(helpers.job.run_at)));
  };
}

async function loadCall(ctx: EngineContext, callId: string): Promise<CallInput | null> {
  const { sql } = ctx;
  const [call] = await sql<CallRow[]>`select * from calls where id = ${callId}`;
  if (!call || call.status !== "pending") return null;
  const [run] = await sql<RunRow[]>`select * from runs where id = ${call.run_id}`;
  if (!run || run.status !== "running") {
    await sql`update calls set status = 'cancelled' where id = ${callId} and status = 'pending'`;
    return null;
  }
  const [event] = await sql<{ payload: EngineEvent }[]>`select payload from events where internal_id = ${run.event_internal_id}`;
  const steps = await sql<{ step_id: string; result: unknown }[]>`select step_id, result from steps where run_id = ${run.id} order by seq`;
  return { call, run, event: event.payload, steps };
}

function pruneTask(ctx: EngineContext): Task {
  return async () => {
    const pruned = await pruneHistory(ctx.sql, new Date(Date.now() - ctx.retentionDays * 86_400_000));
    if (pruned.runs + pruned.events + pruned.cronTicks > 0) {
      ctx.log(`pruned ${pruned.runs} run(s), ${pruned.events} event(s) and ${pruned.cronTicks} cron tick(s) older than ${ctx.retentionDays} days`);
    }
  };
}

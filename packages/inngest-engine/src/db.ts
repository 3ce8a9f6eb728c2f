import postgres from "postgres";
import type { Dispatcher } from "undici";
import type { FunctionRegistry } from "./registry";
import type { Sql } from "./types";

export type { Sql };
export type Tx = postgres.TransactionSql;

/** Everything the engine's modules share: the pool, the schema names and the keys. */
export interface EngineContext {
  sql: Sql;
  schema: string;
  workerSchema: string;
  signingKey: string;
  eventKey: string;
  retryBaseDelayMs: number;
  /** Finished runs and their events are forgotten after this many days; 0 keeps them forever. */
  retentionDays: number;
  log: (line: string) => void;
  functions: FunctionRegistry;
  /** Aborted on stop(), so in-flight calls to the app end and their jobs are retried after restart. */
  shutdown: AbortSignal;
  /** How long one call to the app may take, from sending it to the last byte of the answer. */
  requestTimeoutMs: number;
  /** How long a run waits for an unreachable app (calls retried without using attempts) before it fails. */
  unreachableTimeoutMs: number;
  /** The HTTP client of calls to the app, whose own timeouts are the engine's limit (see invoke.ts). */
  dispatcher: Dispatcher;
}

/** A transaction plus the log lines to print once it commits, so the log never reports a rolled-back change. */
export interface TxScope {
  tx: Tx;
  ctx: EngineContext;
  logs: string[];
}

export async function withTx<T>(ctx: EngineContext, work: (scope: TxScope) => Promise<T>): Promise<T> {
  const logs: string[] = [];
  const result = await ctx.sql.begin((tx) => work({ tx, ctx, logs }));
  for (const line of logs) ctx.log(line);
  return result as T;
}

export function assertIdentifier(name: string, what: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`${what} "${name}" must be a lowercase SQL identifier`);
  return name;
}

export function jsonb(value: unknown): string {
  return JSON.stringify(value ?? null);
}

export interface JobOptions {
  runAt?: Date;
  jobKey?: string;
  /** "preserve_run_at" keeps an existing job's schedule (used when re-asserting jobs that may already exist). */
  mode?: "replace" | "preserve_run_at";
}

/**
 * Queues a graphile-worker job inside the caller's transaction, so a state change and the work it implies
 * commit together or not at all.
 */
export async function addJob(scope: TxScope, task: string, payload: Record<string, unknown>, opts: JobOptions = {}): Promise<void> {
  const { tx, ctx } = scope;
  await tx`
    select ${tx(ctx.workerSchema)}.add_job(
      identifier => ${task},
      payload => ${JSON.stringify(payload)}::text::json,
      run_at => ${opts.runAt ?? null}::timestamptz,
      job_key => ${opts.jobKey ?? null}::text,
      job_key_mode => ${opts.mode ?? "replace"}::text
    )`;
}

export async function removeJob(scope: TxScope, jobKey: string): Promise<void> {
  const { tx, ctx } = scope;
  await tx`select ${tx(ctx.workerSchema)}.remove_job(${jobKey})`;
}

import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import postgres from "postgres";
import { guarded } from "./self-connect";
import { Agent } from "undici";
import { assertIdentifier, type EngineContext } from "./db";
import { migrate } from "./migrations";
import { FunctionRegistry } from "./registry";
import { createEngineServer } from "./server";
import { isValidSigningKey } from "./signature";
import { startWorkers } from "./worker";

export { loadOrCreateEngineKeys, type EngineKeys } from "./keys";
export { parseRegistration, RegistrationError, type AppRegistration, type FunctionConfig, type Trigger } from "./config";
export type { EngineEvent, IncomingEvent, RunStatus } from "./types";

export interface EngineOptions {
  databaseUrl: string;
  port: number;
  /** Default 127.0.0.1: the engine is reached by the app on the same machine. */
  host?: string;
  signingKey: string;
  eventKey: string;
  /** Postgres schema for runs, events and steps; default "inngest_engine". */
  schema?: string;
  /** graphile-worker's schema; default `${schema}_worker`. */
  workerSchema?: string;
  /** Calls to the app in flight at once; default 20. */
  concurrency?: number;
  /** First retry delay; later retries double it (with jitter), up to 10 minutes. Default 5 s. */
  retryBaseDelayMs?: number;
  /** Days finished runs (with their steps) and their events are kept; pruned hourly. Default 30; 0 keeps them forever. */
  retentionDays?: number;
  /** How long one call to the app may take before it is given up and retried; default 2 hours. */
  requestTimeoutMs?: number;
  /**
   * How long a run keeps calling an app it cannot connect to (refused, reset, unknown host, connect timeout)
   * before it fails; these calls do not use up the function's attempts. Default 15 minutes.
   */
  unreachableTimeoutMs?: number;
  log?: (line: string) => void;
}

export interface Engine {
  url: string;
  stop(): Promise<void>;
}

/** A step may legitimately run for a long time (a large export); give up on one call after this long. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 2 * 60 * 60 * 1000;

/** A restart, a deploy or a build may keep the app away for minutes; runs wait this long for it. */
export const DEFAULT_UNREACHABLE_TIMEOUT_MS = 15 * 60 * 1000;

/** How long a restarted engine waits for the previous process's database session (and its lock) to go. */
const LOCK_WAIT_MS = 15_000;

export async function startEngine(opts: EngineOptions): Promise<Engine> {
  const schema = assertIdentifier(opts.schema ?? "inngest_engine", "schema");
  const workerSchema = assertIdentifier(opts.workerSchema ?? `${schema}_worker`, "workerSchema");
  if (!isValidSigningKey(opts.signingKey)) throw new Error("signingKey must look like signkey-<env>-<hex>, as the Inngest SDK expects");
  if (!opts.eventKey) throw new Error("eventKey must not be empty");
  const log = opts.log ?? ((line: string) => console.log(`[inngest-engine] ${line}`));
  const sql = postgres(opts.databaseUrl, guarded({ max: 10, onnotice: () => {}, connection: { search_path: schema } }));
  const shutdown = new AbortController();
  const functions = new FunctionRegistry();
  const requestTimeoutMs = opts.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  // fetch's default client gives up on an answer after 300 s without headers or body bytes, and the SDK
  // sends nothing until a step ends: every step longer than 5 minutes would be cut and retried forever.
  const dispatcher = new Agent({ headersTimeout: requestTimeoutMs, bodyTimeout: requestTimeoutMs });
  const ctx: EngineContext = {
    sql,
    schema,
    workerSchema,
    signingKey: opts.signingKey,
    eventKey: opts.eventKey,
    retryBaseDelayMs: opts.retryBaseDelayMs ?? 5000,
    retentionDays: opts.retentionDays ?? 30,
    log,
    functions,
    shutdown: shutdown.signal,
    requestTimeoutMs,
    unreachableTimeoutMs: opts.unreachableTimeoutMs ?? DEFAULT_UNREACHABLE_TIMEOUT_MS,
    dispatcher,
  };
  const cleanups: Array<() => Promise<void>> = [() => sql.end({ timeout: 5 }), () => dispatcher.destroy()];
  const cleanup = async () => {
    for (const step of cleanups.reverse()) await step().catch((error: unknown) => log(`stop: ${(error as Error).message}`));
  };
  try {
    const lock = await holdSchemaLock(sql, schema);
    cleanups.push(lock);
    await migrate(sql, schema);
    await functions.reload(sql);
    const stopWorkers = await startWorkers(ctx, { connectionString: opts.databaseUrl, concurrency: opts.concurrency ?? 20 });
    cleanups.push(async () => {
      // In-flight calls are abandoned, not awaited: their jobs run again after the next start.
      shutdown.abort();
      await stopWorkers();
    });
    const server = createEngineServer(ctx);
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(opts.port, opts.host ?? "127.0.0.1", () => resolve());
    });
    cleanups.push(() => closeServer(server));
    const address = server.address() as AddressInfo;
    const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
    let stopping: Promise<void> | undefined;
    return {
      url: `http://${host}:${address.port}`,
      stop: () => (stopping ??= cleanup()),
    };
  } catch (error) {
    await cleanup();
    throw error;
  }
}

/**
 * One engine per schema: crash recovery unlocks every job it finds locked, which is only safe when no other
 * engine is working on them. The session lock dies with the process, even on SIGKILL.
 */
async function holdSchemaLock(sql: postgres.Sql, schema: string): Promise<() => Promise<void>> {
  const connection = await sql.reserve();
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    const [{ locked }] = await connection<{ locked: boolean }[]>`select pg_try_advisory_lock(hashtext(${`inngest-engine:${schema}`})) as locked`;
    if (locked) break;
    if (Date.now() > deadline) {
      connection.release();
      throw new Error(`Another Inngest engine is already running on schema "${schema}"`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return async () => {
    await connection`select pg_advisory_unlock(hashtext(${`inngest-engine:${schema}`}))`;
    connection.release();
  };
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

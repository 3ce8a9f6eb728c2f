import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { Inngest } from "inngest";
import { serve } from "inngest/node";
import { startEngine, type Engine, type EngineOptions } from "../src/index";

/** Test support: a real engine on its own schema and port, and a real SDK app served over node:http. */

export interface TestKeys {
  signingKey: string;
  eventKey: string;
}

export function testKeys(): TestKeys {
  return { signingKey: `signkey-test-${randomBytes(32).toString("hex")}`, eventKey: randomBytes(24).toString("hex") };
}

export function uniqueSchema(label: string): string {
  return `engine_${label}_${process.pid}_${randomBytes(3).toString("hex")}`;
}

export async function startTestEngine(label: string, overrides: Partial<EngineOptions> = {}): Promise<{ engine: Engine; keys: TestKeys; logs: string[] }> {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error("DATABASE_URL is not set; run the tests through vitest's global setup");
  const keys = testKeys();
  const logs: string[] = [];
  const engine = await startEngine({
    databaseUrl,
    port: 0,
    schema: uniqueSchema(label),
    // Test files run in parallel against one Postgres: keep each engine's connection pools small.
    concurrency: 4,
    retryBaseDelayMs: 500,
    ...keys,
    log: (line) => {
      logs.push(line);
      if (process.env.ENGINE_TEST_LOG) console.log(`[engine ${label}] ${line}`);
    },
    ...overrides,
  });
  return { engine, keys, logs };
}

/**
 * Points the app's own Inngest client (which reads these variables when first imported) at a test engine,
 * in signed mode, as the launcher does for the embedded engine.
 */
export function pointAppAtEngine(started: { engine: Engine; keys: TestKeys }, extra: Record<string, string> = {}): void {
  Object.assign(process.env, {
    INNGEST_BASE_URL: started.engine.url,
    INNGEST_SIGNING_KEY: started.keys.signingKey,
    INNGEST_EVENT_KEY: started.keys.eventKey,
    INNGEST_DEV: "0",
    ...extra,
  });
}

const silent = { info: () => {}, warn: () => {}, error: () => {}, debug: () => {} };

/** An SDK client in signed (cloud) mode pointed at the engine, as the Next app is configured. */
export function testClient(id: string, engineUrl: string, keys: TestKeys): Inngest {
  return new Inngest({ id, baseUrl: engineUrl, signingKey: keys.signingKey, eventKey: keys.eventKey, isDev: false, logger: silent });
}

export interface ServedApp {
  url: string;
  close(): Promise<void>;
}

export async function serveApp(client: Inngest, functions: Parameters<typeof serve>[0]["functions"]): Promise<ServedApp> {
  const handler = serve({ client, functions });
  const server = http.createServer((req, res) => {
    void handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/inngest`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** What `npm start` does after both processes are up: a PUT makes the SDK register with the engine. */
export async function syncApp(appUrl: string): Promise<{ status: number; body: { message?: string; modified?: boolean } }> {
  const response = await fetch(appUrl, { method: "PUT" });
  return { status: response.status, body: (await response.json()) as { message?: string; modified?: boolean } };
}

export interface RunSummary {
  id: string;
  function: string;
  status: string;
  eventName: string;
  attempt: number;
  error: { message?: string } | null;
}

export async function listRuns(engineUrl: string, keys: TestKeys): Promise<RunSummary[]> {
  const { hashSigningKey } = await import("../src/signature");
  const response = await fetch(`${engineUrl}/v0/runs?limit=500`, { headers: { Authorization: `Bearer ${hashSigningKey(keys.signingKey)}` } });
  if (!response.ok) throw new Error(`GET /v0/runs answered ${response.status}`);
  return ((await response.json()) as { data: RunSummary[] }).data;
}

/** Polls until `check` returns a value (not undefined/false), or fails with `what` after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export async function waitForRun(engineUrl: string, keys: TestKeys, functionId: string, statuses: string[], timeoutMs?: number): Promise<RunSummary> {
  return waitFor(
    `a ${statuses.join("/")} run of ${functionId}`,
    async () => (await listRuns(engineUrl, keys)).find((run) => run.function === functionId && statuses.includes(run.status)),
    timeoutMs,
  );
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A promise the test opens when it wants a step to finish. */
export function gate(): { promise: Promise<void>; open: () => void } {
  let open = () => {};
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

/**
 * The engine as `npm start` runs it: its own process (main.ts), so tests can kill it with SIGKILL.
 * Resolves once it logs that it is ready.
 */
export async function startEngineProcess(opts: { port: number; schema: string; keys: TestKeys; dataDir: string }): Promise<ChildProcess> {
  const proc = spawn(process.execPath, ["--import", "tsx", path.resolve(import.meta.dirname, "../src/main.ts")], {
    env: {
      ...process.env,
      INNGEST_ENGINE_PORT: String(opts.port),
      INNGEST_ENGINE_SCHEMA: opts.schema,
      INNGEST_ENGINE_CONCURRENCY: "4",
      INNGEST_SIGNING_KEY: opts.keys.signingKey,
      INNGEST_EVENT_KEY: opts.keys.eventKey,
      DATA_DIR: opts.dataDir,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  proc.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  proc.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  await waitFor(
    "the engine process to be ready",
    () => output.includes("ready at") || (proc.exitCode !== null ? Promise.reject(new Error(output)) : false),
    30_000,
  );
  return proc;
}

/** SIGKILL, and wait until the process is gone (a process already ended by a signal has signalCode, not exitCode). */
export async function killHard(proc: ChildProcess | undefined): Promise<void> {
  if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise((resolve) => proc.once("exit", resolve));
  proc.kill("SIGKILL");
  await exited;
}

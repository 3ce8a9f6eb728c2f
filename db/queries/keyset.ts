import { sql, type AnyColumn } from "drizzle-orm";

/** A position in a newest-first list paged on (created_at, id): the last row of the page before. */
export interface KeysetCursor {
  /** created_at with microseconds, as to_char prints it: a JS Date would drop them and skip or repeat rows. */
  createdAt: string;
  id: string;
}

/** created_at with its full microsecond precision, for the next page's cursor. */
export function exactCreatedAt(createdAt: AnyColumn) {
  return sql<string>`to_char(${createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

/** The rows after the cursor in (created_at, id) descending order; no condition on the first page. */
export function olderThan(createdAt: AnyColumn, id: AnyColumn, cursor: KeysetCursor | null | undefined) {
  return cursor ? sql`(${createdAt}, ${id}) < (${cursor.createdAt}::timestamptz, ${cursor.id}::uuid)` : undefined;
}

/** The rows after the cursor in (created_at, id) ascending order, for an oldest-first list. */
export function newerThan(createdAt: AnyColumn, id: AnyColumn, cursor: KeysetCursor | null | undefined) {
  return cursor ? sql`(${createdAt}, ${id}) > (${cursor.createdAt}::timestamptz, ${cursor.id}::uuid)` : undefined;
}

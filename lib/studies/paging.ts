import { z } from "zod";
import { AppError } from "../errors/app-error";

const STALE = "The page cursor is not valid; start again from the first page.";
const shape = z.object({ after: z.string().min(1).max(200) });

/** Study lists page by name (studies) or participant id (participants): the cursor is the last one shown, opaque. */
export const encodeAfter = (after: string | null | undefined) => (after ? Buffer.from(JSON.stringify({ after })).toString("base64url") : null);

export function decodeAfter(cursor: string | null | undefined): string | null {
  if (!cursor) return null;
  try {
    return shape.parse(JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"))).after;
  } catch {
    throw new AppError("invalid", STALE, { cursor: STALE });
  }
}

/** One page of `limit` from `limit + 1` rows, and the cursor of the next when there is one. */
export function pageOf<T>(rows: T[], limit: number, key: (row: T) => string): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeAfter(key(last)) : null };
}

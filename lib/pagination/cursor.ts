import { z } from "zod";
import type { KeysetCursor } from "@/db/queries/keyset";
import { AppError } from "../errors/app-error";

const cursorShape = z.object({ createdAt: z.iso.datetime(), id: z.uuid() });

/** Keyset cursors travel as opaque base64url strings, so links and clients carry them and nobody builds one by hand. */
export function encodeCursor(cursor: KeysetCursor): string;
export function encodeCursor(cursor: KeysetCursor | null): string | null;
export function encodeCursor(cursor: KeysetCursor | null): string | null {
  return cursor ? Buffer.from(JSON.stringify({ createdAt: cursor.createdAt, id: cursor.id })).toString("base64url") : null;
}

/**
 * The cursor a client sent back, or null for the first page. A cursor that is not one of ours (edited,
 * cut short, from another list) is refused on the `cursor` field with `invalid`, which tells the person
 * where to start again: each list says it in its own words.
 */
export function decodeCursor(value: string | null | undefined, invalid: string): KeysetCursor | null {
  if (!value) return null;
  try {
    return cursorShape.parse(JSON.parse(Buffer.from(value, "base64url").toString("utf8")));
  } catch {
    throw AppError.invalidField("cursor", invalid);
  }
}

import { z } from "zod";
import type { ExportCursor } from "@/db/queries/exports";
import { AppError } from "@/lib/errors/app-error";

const cursorShape = z.object({ createdAt: z.iso.datetime(), id: z.uuid() });

/** Keyset cursors travel as opaque base64url strings so clients do not build them by hand. */
export function encodeCursor(cursor: ExportCursor | null): string | null {
  return cursor ? Buffer.from(JSON.stringify(cursor)).toString("base64url") : null;
}

export function decodeCursor(value: string | null | undefined): ExportCursor | null {
  if (!value) return null;
  try {
    return cursorShape.parse(JSON.parse(Buffer.from(value, "base64url").toString("utf8")));
  } catch {
    throw AppError.invalidField("cursor", "The cursor is not valid; start again from the first page");
  }
}

import { z } from "zod";
import type { ExportParts } from "../../db/schema/exports";
import { MEGABYTE, PART_BOUNDS, partLimitMessage } from "./part-bounds";

export type { ExportParts };
export { MEGABYTE, PART_BOUNDS, partLimitMessage, partsText, XLSX_PARTS_REFUSAL } from "./part-bounds";

/*
 * Parts on request: the archive's data files split so that no part passes N rows or N MB. The bounds and
 * words are in part-bounds.ts, which the create form (a client component) shares.
 */

function limit(which: keyof typeof PART_BOUNDS) {
  const words = partLimitMessage(which);
  const bounds = PART_BOUNDS[which];
  return z.number({ error: words }).int({ error: words }).min(bounds.min, { error: words }).max(bounds.max, { error: words }).nullish();
}

/**
 * The `parts` object of a request: at most maxRows rows and/or maxMegabytes MB per part (a part ends before
 * whichever would be crossed first). null or absent: one file per format; a limit null or absent: not that limit.
 */
export const partsInput = z
  .strictObject(
    {
      maxRows: limit("maxRows"),
      maxMegabytes: limit("maxMegabytes"),
    },
    {
      error: (iss) =>
        iss.code === "unrecognized_keys"
          ? 'The parts setting takes maxRows and maxMegabytes only, e.g. {"maxRows": 1000000}. Remove the other fields.'
          : 'Give the parts as an object, e.g. {"maxRows": 1000000} or {"maxMegabytes": 100}.',
    },
  )
  .refine((p) => p.maxRows != null || p.maxMegabytes != null, {
    error: 'Say how large a part may be: maxRows, maxMegabytes or both, e.g. {"maxRows": 1000000}. Leave parts out for one file.',
  })
  .nullish()
  .describe("Split each data file into numbered parts of at most maxRows rows and/or maxMegabytes MB (1 MB = 1,000,000 bytes); not for XLSX");

/** Parts as a client may send them: a limit may be null, meaning not that limit. */
type PartsGiven = { maxRows?: number | null; maxMegabytes?: number | null };

/** Only the limits that were set, or null: the one form stored, fingerprinted and shown. */
export function normalParts(parts: PartsGiven | null | undefined): ExportParts | null {
  if (!parts) return null;
  const out: ExportParts = {};
  if (parts.maxRows != null) out.maxRows = parts.maxRows;
  if (parts.maxMegabytes != null) out.maxMegabytes = parts.maxMegabytes;
  return out.maxRows === undefined && out.maxMegabytes === undefined ? null : out;
}

/** The limits as the archive's writer takes them: rows and bytes. */
export function partLimitsOf(parts: ExportParts | null | undefined): { partRowLimit?: number; partByteLimit?: number } {
  const p = normalParts(parts);
  return {
    ...(p?.maxRows !== undefined ? { partRowLimit: p.maxRows } : {}),
    ...(p?.maxMegabytes !== undefined ? { partByteLimit: p.maxMegabytes * MEGABYTE } : {}),
  };
}

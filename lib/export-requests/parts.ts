import { z } from "zod";
import type { ExportParts } from "../../db/schema/exports";

export type { ExportParts };

/*
 * Parts on request: the archive's data files split so that no part passes N rows or N MB. Only zod is
 * imported (and a type), so the create form (a client component) shares these bounds and words with the server.
 */

/** A megabyte as the limit counts it: 1,000,000 bytes, so a part is within the limit however a tool counts MB. */
export const MEGABYTE = 1_000_000;

/**
 * Bounds of the two limits. Below 1,000 rows or 1 MB a common export would become thousands of files, each
 * a zip entry and a line of the README, with no reader that needs them so small. Above 100,000,000 rows or
 * 10,000 MB (10 GB) a part is no longer something to open or upload on its own; one file is simpler then.
 */
export const PART_BOUNDS = {
  maxRows: { min: 1_000, max: 100_000_000 },
  maxMegabytes: { min: 1, max: 10_000 },
} as const;

/** XLSX is already split into worksheets of Excel's row limit; parts of it would be half a workbook each. */
export const XLSX_PARTS_REFUSAL =
  "XLSX exports are split into worksheets of at most 1,048,576 rows, not into parts. Choose another format, or remove the parts.";

const en = (n: number) => n.toLocaleString("en-US");

function limit(what: string, unit: string, bounds: { min: number; max: number }) {
  const words = `${what} must be a whole number of ${unit} from ${en(bounds.min)} to ${en(bounds.max)}.`;
  return z.number({ error: words }).int({ error: words }).min(bounds.min, { error: words }).max(bounds.max, { error: words }).optional();
}

/**
 * The `parts` object of a request: at most maxRows rows and/or maxMegabytes MB per part (a part ends before
 * whichever would be crossed first). null or absent: one file per format.
 */
export const partsInput = z
  .strictObject(
    {
      maxRows: limit("Rows per part", "rows", PART_BOUNDS.maxRows),
      maxMegabytes: limit("Megabytes per part", "megabytes", PART_BOUNDS.maxMegabytes),
    },
    {
      error: (iss) =>
        iss.code === "unrecognized_keys"
          ? 'The parts setting takes maxRows and maxMegabytes only, e.g. {"maxRows": 1000000}. Remove the other fields.'
          : 'Give the parts as an object, e.g. {"maxRows": 1000000} or {"maxMegabytes": 100}.',
    },
  )
  .refine((p) => p.maxRows !== undefined || p.maxMegabytes !== undefined, {
    error: 'Say how large a part may be: maxRows, maxMegabytes or both, e.g. {"maxRows": 1000000}. Leave parts out for one file.',
  })
  .nullish()
  .describe("Split each data file into numbered parts of at most maxRows rows and/or maxMegabytes MB (1 MB = 1,000,000 bytes); not for XLSX");

/** Only the limits that were set, or null: the one form stored, fingerprinted and shown. */
export function normalParts(parts: ExportParts | null | undefined): ExportParts | null {
  if (!parts) return null;
  const out: ExportParts = {};
  if (parts.maxRows !== undefined) out.maxRows = parts.maxRows;
  if (parts.maxMegabytes !== undefined) out.maxMegabytes = parts.maxMegabytes;
  return out.maxRows === undefined && out.maxMegabytes === undefined ? null : out;
}

/** "At most 1,000,000 rows or 100 MB per part", as the export's details show it. */
export function partsText(parts: ExportParts | null | undefined): string {
  const p = normalParts(parts);
  if (!p) return "One file";
  const limits = [p.maxRows !== undefined && `${en(p.maxRows)} rows`, p.maxMegabytes !== undefined && `${en(p.maxMegabytes)} MB`].filter(Boolean);
  return `At most ${limits.join(" or ")} per part`;
}

/** The limits as the archive's writer takes them: rows and bytes. */
export function partLimitsOf(parts: ExportParts | null | undefined): { partRowLimit?: number; partByteLimit?: number } {
  const p = normalParts(parts);
  return {
    ...(p?.maxRows !== undefined ? { partRowLimit: p.maxRows } : {}),
    ...(p?.maxMegabytes !== undefined ? { partByteLimit: p.maxMegabytes * MEGABYTE } : {}),
  };
}

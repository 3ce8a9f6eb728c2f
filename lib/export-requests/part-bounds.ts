/* The bounds and words of parts on request. No imports, so the create form (a client component) can share them. */

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

/**
 * The most part files one format may come to, judged from the row estimate when the request asks for
 * parts by rows. Past it, an archive is tens of thousands of zip entries and README lines that no reader
 * wants; a larger part size or a narrower range serves the same data.
 */
export const MAX_PARTS = 10_000;

/** The refusal of a rows-per-part limit that would make more than MAX_PARTS files, or null. */
export function tooManyPartsMessage(estimatedRows: number, maxRows: number | undefined): string | null {
  if (maxRows === undefined) return null;
  const files = Math.ceil(estimatedRows / maxRows);
  if (files <= MAX_PARTS) return null;
  return `About ${en(estimatedRows)} rows at ${en(maxRows)} rows per part would make ${en(files)} files, more than the ${en(MAX_PARTS)} one export may hold. Raise the rows per part, or narrow the date range or scope.`;
}

/** XLSX is already split into worksheets of Excel's row limit; parts of it would be half a workbook each. */
export const XLSX_PARTS_REFUSAL =
  "XLSX exports are split into worksheets of at most 1,048,576 rows, not into parts. Choose another format, or remove the parts.";

const en = (n: number) => n.toLocaleString("en-US");

const UNITS = { maxRows: ["Rows per part", "rows"], maxMegabytes: ["Megabytes per part", "megabytes"] } as const;

/** The refusal of a limit out of bounds, the same from the form and the server. */
export function partLimitMessage(limit: keyof typeof PART_BOUNDS): string {
  const [what, unit] = UNITS[limit];
  return `${what} must be a whole number of ${unit} from ${en(PART_BOUNDS[limit].min)} to ${en(PART_BOUNDS[limit].max)}.`;
}

/** Whether a limit is one the server takes. */
export function partLimitValid(limit: keyof typeof PART_BOUNDS, value: number): boolean {
  return Number.isInteger(value) && value >= PART_BOUNDS[limit].min && value <= PART_BOUNDS[limit].max;
}

/** "At most 1,000,000 rows or 100 MB per part", as the export's details show it. */
export function partsText(parts: { maxRows?: number; maxMegabytes?: number } | null | undefined): string {
  const p = parts ?? {};
  if (p.maxRows === undefined && p.maxMegabytes === undefined) return "One file per format";
  const limits = [p.maxRows !== undefined && `${en(p.maxRows)} rows`, p.maxMegabytes !== undefined && `${en(p.maxMegabytes)} MB`].filter(Boolean);
  return `At most ${limits.join(" or ")} per part`;
}

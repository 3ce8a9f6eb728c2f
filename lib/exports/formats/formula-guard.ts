/**
 * The formula guard: a spreadsheet runs a cell that starts with one of these characters as a formula
 * (CSV/formula injection), so text cells that start with one get a leading apostrophe in CSV and XLSX.
 * README.txt in every archive names the same characters.
 */
export const FORMULA_START_CHARS = "=+-@\t\r";

/** 1 at the byte values of FORMULA_START_CHARS, for the transcoder's byte loop (all of them are ASCII). */
export const FORMULA_START_BYTES = new Uint8Array(256);
for (const c of FORMULA_START_CHARS) FORMULA_START_BYTES[c.charCodeAt(0)] = 1;

/** True when a spreadsheet would take this text for a formula. */
export function startsLikeFormula(text: string): boolean {
  return text.length > 0 && FORMULA_START_BYTES[text.charCodeAt(0)] === 1;
}

/** Text as the guard writes it: prefixed with an apostrophe when it starts like a formula. */
export function guardFormula(text: string): string {
  return startsLikeFormula(text) ? `'${text}` : text;
}

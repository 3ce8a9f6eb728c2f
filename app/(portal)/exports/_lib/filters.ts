import Papa from "papaparse";
import { MAX_FILTER_VALUES } from "@/lib/export-requests/filter-bounds";
import type { FieldType } from "@/lib/realms/catalog";
import type { RealmOption } from "./types";

export { MAX_FILTER_VALUES };

export type FilterOp = "eq" | "in" | "range";

/** One filter as the form holds it: every input's text, whichever operator is chosen. */
export interface FilterDraft {
  field: string;
  op: FilterOp;
  value: string;
  /** The "is one of" list as pasted or read from a file; its values are parseValues(list). */
  list: string;
  min: string;
  max: string;
}

/** A filter as the request takes it (lib/export-requests/input.ts). */
export type RequestFilter =
  { field: string; op: "eq"; value: string } | { field: string; op: "in"; values: string[] } | { field: string; op: "range"; min?: string; max?: string };

/** Which operators a field's type offers: text and ids match values, numbers and times a range; JSON none. */
export function opsFor(type: FieldType | undefined): FilterOp[] {
  switch (type) {
    case "text":
    case "uuid":
      return ["eq", "in"];
    case "integer":
    case "bigint":
    case "double":
    case "timestamp":
      return ["range"];
    default:
      return [];
  }
}

export const OP_LABELS: Record<FilterOp, string> = { eq: "equals", in: "is one of", range: "between" };

export const filterableFields = (realm: RealmOption | undefined) => (realm?.fields ?? []).filter((f) => opsFor(f.type).length > 0);

export function newFilter(realm: RealmOption | undefined): FilterDraft {
  const field = filterableFields(realm)[0];
  return { field: field?.name ?? "", op: opsFor(field?.type)[0] ?? "eq", value: "", list: "", min: "", max: "" };
}

/** A filter with nothing typed yet: left out of the request (and the estimate) until it is filled in. */
export function isBlank(f: FilterDraft): boolean {
  if (f.op === "eq") return f.value.trim() === "";
  if (f.op === "in") return parseValues(f.list, f.field).length === 0;
  return f.min.trim() === "" && f.max.trim() === "";
}

/** The filters as the request sends them; values as typed (trimmed), so the server words what is wrong with one. */
export function requestFilters(filters: FilterDraft[]): RequestFilter[] {
  return filters
    .filter((f) => f.field && !isBlank(f))
    .map((f): RequestFilter => {
      if (f.op === "eq") return { field: f.field, op: "eq", value: f.value.trim() };
      if (f.op === "in") return { field: f.field, op: "in", values: parseValues(f.list, f.field) };
      return { field: f.field, op: "range", ...(f.min.trim() ? { min: f.min.trim() } : {}), ...(f.max.trim() ? { max: f.max.trim() } : {}) };
    });
}

/** What the form says about its filters before sending, or null: unfinished filters and over-long lists. */
export function filtersError(filters: FilterDraft[]): string | null {
  const at = filters.findIndex((f) => !f.field || isBlank(f));
  if (at !== -1) return `Filter ${at + 1}: ${filters[at]?.op === "range" ? "enter a minimum, a maximum or both" : "enter a value"}, or remove the filter.`;
  const counts = filters.map((f) => (f.op === "in" ? parseValues(f.list, f.field).length : 0));
  const long = counts.findIndex((n) => n > MAX_FILTER_VALUES);
  if (long !== -1) return `Filter ${long + 1}: ${tooMany(counts[long] ?? 0)}`;
  return null;
}

export const tooMany = (n: number) =>
  `${n.toLocaleString("en-US")} values is more than the ${MAX_FILTER_VALUES.toLocaleString("en-US")} one filter may list; split the list into several exports.`;

/**
 * The values in pasted text or an uploaded CSV or text file: one per line or comma (or tab, semicolon)
 * separated, each cell a value, quotes as CSV has them. Blank cells and repeats are dropped, order kept,
 * and so is a header naming the field.
 */
export function parseValues(text: string, field?: string): string[] {
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ""), { skipEmptyLines: "greedy", delimitersToGuess: [",", "\t", ";", "|"] });
  const seen = new Set<string>();
  for (const row of parsed.data) {
    for (const cell of row) {
      const value = cell.trim();
      if (value) seen.add(value);
    }
  }
  // A file exported from a spreadsheet often starts with its column's name: a first value that is the field's name is a header.
  const values = [...seen];
  return field && values[0]?.toLowerCase() === field.toLowerCase() ? values.slice(1) : values;
}

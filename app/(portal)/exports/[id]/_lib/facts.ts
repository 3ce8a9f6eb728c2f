import { partsText } from "@/lib/export-requests/part-bounds";
import { rangeInWords } from "@/lib/exports/range";
import { formatBytes, formatDateTime, formatNumber } from "../../_lib/format";
import type { ExportView } from "../../_lib/types";

/** One line of the export's page: a label, its value, and a test id for the specs. */
export interface Fact {
  key: string;
  label: string;
  value: string;
  mono?: boolean;
}

/** A time in words, in the export's own timezone, named ("12 Mar 2026, 14:03:07 UTC"). */
export function timeIn(iso: string | null, timezone: string, none = "—"): string {
  return iso ? formatDateTime(iso, timezone) : none;
}

type Filter = NonNullable<ExportView["request"]["filters"]>[number];

const LISTED = 10;

function filterText(f: Filter): string {
  if (f.op === "eq") return `${f.field} = ${String(f.value)}`;
  // A pasted list may hold a thousand ids: the page names the first few and counts the rest (README.txt lists all).
  if (f.op === "in")
    return `${f.field} is one of ${f.values.length} value${f.values.length === 1 ? "" : "s"}: ${f.values.slice(0, LISTED).map(String).join(", ")}${f.values.length > LISTED ? `, and ${f.values.length - LISTED} more` : ""}`;
  const min = f.min === undefined ? null : String(f.min);
  const max = f.max === undefined ? null : String(f.max);
  return min !== null && max !== null ? `${f.field} from ${min} to ${max}` : min !== null ? `${f.field} ≥ ${min}` : `${f.field} ≤ ${max ?? ""}`;
}

/**
 * Everything about the request, in the order a person checks it. The one place the page's facts are made:
 * a new field of the view (partitions, rows per realm) is one more line here.
 */
export function requestFacts(e: ExportView): Fact[] {
  const filters = e.request.filters ?? [];
  const options =
    e.format === "csv" || e.format === "csv+ndjson"
      ? [`byte order mark ${e.options.csvBom ? "on" : "off"}`, `formula guard ${e.options.formulaGuard === false ? "off" : "on"}`]
      : [];
  return [
    { key: "realm", label: e.realms.length > 1 ? "Realms" : "Realm", value: e.realmLabel },
    { key: "scope", label: "Scope", value: e.scopeLabel },
    // A study export says whether the archive holds pseudonyms; README.txt in it says exactly what was done.
    ...(e.scope.type === "cohort" || e.scope.type === "participant"
      ? [{ key: "deidentification", label: "Participant data", value: e.scope.deidentified ? "De-identified" : "Identified" }]
      : []),
    { key: "dates", label: "Dates", value: rangeInWords(e) },
    { key: "timezone", label: "Timezone", value: e.timezone },
    { key: "format", label: "Format", value: e.formatLabel },
    { key: "options", label: "Options", value: options.length ? options.join(", ") : "—" },
    { key: "parts", label: "Files", value: partsText(e.parts) },
    { key: "filters", label: `Filters (${filters.length})`, value: filters.length ? filters.map(filterText).join("; ") : "None: every record in the dates" },
    { key: "fields", label: `Fields (${e.fields.length})`, value: e.fields.join(", "), mono: true },
  ];
}

/** The outcome so far: rows, size, checksum, who asked and when, expiry. */
export function outcomeFacts(e: ExportView): Fact[] {
  const rows = e.rowCount !== null ? formatNumber(e.rowCount) : e.rowsEstimate !== null ? `≈ ${formatNumber(e.rowsEstimate)} (estimate)` : "—";
  const who = e.requestedBy.name ? `${e.requestedBy.name} (${e.requestedBy.email})` : e.requestedBy.email;
  return [
    { key: "rows", label: "Rows", value: rows },
    ...(e.rowsByRealm && e.rowsByRealm.length > 1
      ? [{ key: "rows-by-realm", label: "Rows per realm", value: e.rowsByRealm.map((r) => `${r.realmLabel} ${formatNumber(r.rows)}`).join(" · ") }]
      : []),
    { key: "size", label: "Archive size", value: e.sizeBytes !== null ? formatBytes(e.sizeBytes) : "—" },
    { key: "checksum", label: "Checksum (SHA-256)", value: e.sha256 ?? "—", mono: true },
    { key: "requested-by", label: "Requested by", value: e.requestedBy.isYou ? `You (${e.requestedBy.email})` : who },
    { key: "requested-at", label: "Requested at", value: timeIn(e.createdAt, e.timezone) },
    { key: "started-at", label: "Started at", value: timeIn(e.startedAt, e.timezone) },
    { key: "finished-at", label: "Finished at", value: timeIn(e.completedAt, e.timezone) },
    { key: "expires-at", label: "Expires", value: timeIn(e.expiresAt, e.timezone) },
    { key: "downloads", label: "Downloads", value: formatNumber(e.downloadCount) },
    { key: "id", label: "Export id", value: e.id, mono: true },
  ];
}

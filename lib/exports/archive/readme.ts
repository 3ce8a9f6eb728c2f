import type { RealmField } from "../../realms/catalog";
import type { ArchiveFile, ExportRequest } from "../types";
import type { ValidRequest } from "../query/validate";
import { rangeInWords } from "../range";
import { archiveScope, studyReadmeLines, studyScopeText } from "./study-readme";

export const FORMAT_NOTES: Record<string, string> = {
  csv: 'CSV (RFC 4180): UTF-8, comma separated, a header row, fields quoted when they contain commas, quotes or line breaks. An empty unquoted field is NULL; an empty string is written as "".',
  json: "JSON: one array; its first element lists the field names, every following element is one record as an array of values in the same order.",
  ndjson:
    "NDJSON: one JSON object per line. Numbers stay numbers, JSON fields stay JSON, NULL is null. Large ids (bigint) are JSON numbers: readers that use 64-bit floats lose precision above 2^53.",
  parquet:
    "Parquet: typed columns (INT32, INT64, DOUBLE, UTF8 strings, JSON as UTF8 with the JSON logical type). Timestamps are real TIMESTAMP(MICROS, adjusted to UTC) values: Parquet stores the instant, not the offset; readers show them in UTC or their own zone.",
  xlsx: "XLSX: one or more worksheets of at most 1,048,576 rows including the header row; later rows continue on the next sheet. Timestamps are Excel dates holding the wall-clock time in the export's timezone, to the millisecond; Excel dates have no zone, so each timestamp column's header names it, e.g. submitted_at (Europe/Amsterdam).",
};

export function scopeText(req: ExportRequest): string {
  const s = req.scope;
  const label = req.scopeLabel ? `${req.scopeLabel} — ` : "";
  if (s.type === "organization") return `${label}the whole organization ${req.organizationId}`;
  if (s.type === "tenant") return `${label}tenant ${req.tenantId}`;
  if (s.type === "project") return `${label}project ${s.projectId} (tenant ${req.tenantId})`;
  if (s.type === "cohort" || s.type === "participant") return studyScopeText(req) ?? "";
  return `${label}apps ${s.appIds.join(", ")}${s.projectId ? ` in project ${s.projectId}` : ""} (tenant ${req.tenantId})`;
}

export function filterText(valid: ValidRequest): string[] {
  if (valid.filters.length === 0) return ["  (none)"];
  return valid.filters.map((f) => {
    if (f.op === "eq") return `  ${f.field.name} = ${JSON.stringify(f.value.text)}`;
    if (f.op === "in") return `  ${f.field.name} in (${f.values.map((v) => JSON.stringify(v.text)).join(", ")})`;
    const parts = [f.min && `>= ${JSON.stringify(f.min.text)}`, f.max && `<= ${JSON.stringify(f.max.text)}`].filter(Boolean);
    return `  ${f.field.name} ${parts.join(" and ")}`;
  });
}

export const fieldLine = (f: RealmField) => `  ${f.name} (${f.type}) — ${f.description}`;

/** README.txt's list of files (rows and sha256 each) and its notes on the format, for one realm or several. */
export function filesAndFormat(files: ArchiveFile[], formats: string[], formulaGuard: boolean): string[] {
  return [
    "Files:",
    ...files.map((f) => `  ${f.name}: ${f.rows} rows, ${f.bytes} bytes, sha256 ${f.sha256}`),
    "",
    "About the format:",
    ...formats.map((f) => `  ${FORMAT_NOTES[f]}`),
    ...(formats.includes("csv") || formats.includes("xlsx")
      ? [
          formulaGuard
            ? "  Formula guard: text cells starting with = + - @ tab or carriage return are prefixed with a single quote (') so spreadsheets do not run them as formulas. Numbers are never changed."
            : "  Formula guard: off; text is exactly as stored.",
        ]
      : []),
  ];
}

export function readmeText(valid: ValidRequest, files: ArchiveFile[], generatedAt: Date, rows: number, formulaGuard: boolean): string {
  const { req, realm } = valid;
  const formats = req.format === "csv+ndjson" ? ["csv", "ndjson"] : [req.format];
  return [
    `${realm.label} export`,
    "",
    `Realm:        ${realm.id} — ${realm.description}`,
    `Scope:        ${scopeText(req)}`,
    `Organization: ${req.organizationId}`,
    `Date range:   ${rangeInWords(req)}, by ${realm.timeColumn}, calendar days in ${req.timezone}`,
    `Time zone:    ${req.timezone}; timestamps are ISO 8601 with this zone's offset, e.g. 2025-03-30T01:30:00+01:00`,
    `Format:       ${req.format}`,
    `Generated at: ${generatedAt.toISOString()}`,
    `Rows:         ${rows}${formats.length > 1 ? " (in each format)" : ""}`,
    "",
    ...studyReadmeLines(req),
    "Filters:",
    ...filterText(valid),
    "",
    "Fields:",
    ...valid.fields.map(fieldLine),
    "",
    ...filesAndFormat(files, formats, formulaGuard),
    `  Records are in order of ${realm.timeColumn}, then id.`,
    "  manifest.json lists every file with its row count, size and SHA-256.",
    "",
  ].join("\n");
}

export function manifestJson(valid: ValidRequest, files: ArchiveFile[], generatedAt: Date, rowCount: number): string {
  const { req, realm } = valid;
  return `${JSON.stringify(
    {
      realm: realm.id,
      format: req.format,
      scope: archiveScope(req.scope),
      dateFrom: req.dateFrom,
      dateTo: req.dateTo,
      // Set when dateTo is open: the export holds records before this moment.
      ...(req.toAsOf ? { toAsOf: req.toAsOf.toISOString() } : {}),
      timezone: req.timezone,
      fields: valid.fields.map((f) => ({ name: f.name, type: f.type })),
      generatedAt: generatedAt.toISOString(),
      files,
      totals: { files: files.length, rows: rowCount, bytes: files.reduce((n, f) => n + f.bytes, 0) },
    },
    null,
    2,
  )}\n`;
}

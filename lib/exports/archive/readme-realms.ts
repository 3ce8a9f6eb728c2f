import type { ValidRequest } from "../query/validate";
import { rangeInWords } from "../range";
import type { ArchiveFile } from "../types";
import { fieldLine, filesAndFormat, filterText, scopeText } from "./readme";
import { archiveScope, studyReadmeLines } from "./study-readme";

/** What one realm of a several-realm archive produced. */
export interface RealmProduced {
  valid: ValidRequest;
  files: ArchiveFile[];
  rowCount: number;
}

const formatsOf = (format: string) => (format === "csv+ndjson" ? ["csv", "ndjson"] : [format]);

/**
 * README.txt of an archive with several realms: what they share (scope, dates, zone, format), then each
 * realm with its rows, filters, fields and files, then every file with its rows and sha256.
 */
export function realmsReadmeText(produced: RealmProduced[], generatedAt: Date, formulaGuard: boolean): string {
  const [first] = produced;
  if (!first) return "";
  const req = first.valid.req;
  const formats = formatsOf(req.format);
  const each = formats.length > 1 ? " (in each format)" : "";
  const total = produced.reduce((n, p) => n + p.rowCount, 0);
  const files = produced.flatMap((p) => p.files);
  return [
    `Export of ${produced.length} realms: ${produced.map((p) => p.valid.realm.label).join(", ")}`,
    "",
    `Scope:        ${scopeText(req)}`,
    `Organization: ${req.organizationId}`,
    `Date range:   ${rangeInWords(req)}, calendar days in ${req.timezone}, each realm by its own time column`,
    `Time zone:    ${req.timezone}; timestamps are ISO 8601 with this zone's offset, e.g. 2025-03-30T01:30:00+01:00`,
    `Format:       ${req.format}`,
    `Generated at: ${generatedAt.toISOString()}`,
    `Rows:         ${total} in all${each}`,
    "",
    ...studyReadmeLines(req),
    "Rows per realm:",
    ...produced.map((p) => `  ${p.valid.realm.id}: ${p.rowCount} rows`),
    "",
    ...produced.flatMap((p) => [
      `Realm ${p.valid.realm.id} — ${p.valid.realm.label}: ${p.valid.realm.description}`,
      `  Rows: ${p.rowCount}${each}, by ${p.valid.realm.timeColumn}, in order of ${p.valid.realm.timeColumn}, then id`,
      `  Files: ${p.files.map((f) => f.name).join(", ")}`,
      "  Filters:",
      ...filterText(p.valid).map((l) => `  ${l}`),
      "  Fields:",
      ...p.valid.fields.map((f) => `  ${fieldLine(f)}`),
      "",
    ]),
    ...filesAndFormat(files, formats, formulaGuard),
    "  manifest.json lists every file with its row count, size and SHA-256, and the rows of each realm.",
    "",
  ].join("\n");
}

/** manifest.json of an archive with several realms: each realm with its fields, rows and files, then every file. */
export function realmsManifestJson(produced: RealmProduced[], generatedAt: Date): string {
  const [first] = produced;
  if (!first) return "{}\n";
  const req = first.valid.req;
  const files = produced.flatMap((p) => p.files);
  return `${JSON.stringify(
    {
      realms: produced.map((p) => ({
        realm: p.valid.realm.id,
        fields: p.valid.fields.map((f) => ({ name: f.name, type: f.type })),
        filters: p.valid.req.filters ?? [],
        rows: p.rowCount,
        files: p.files.map((f) => f.name),
      })),
      format: req.format,
      scope: archiveScope(req.scope),
      dateFrom: req.dateFrom,
      dateTo: req.dateTo,
      ...(req.toAsOf ? { toAsOf: req.toAsOf.toISOString() } : {}),
      timezone: req.timezone,
      generatedAt: generatedAt.toISOString(),
      files,
      totals: { files: files.length, rows: produced.reduce((n, p) => n + p.rowCount, 0), bytes: files.reduce((n, f) => n + f.bytes, 0) },
    },
    null,
    2,
  )}\n`;
}

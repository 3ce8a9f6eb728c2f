import type { ExportRow } from "@/db/schema";

const slug = (s: string) =>
  s
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .slice(0, 60);

/** A file name that says what the archive holds: realm (or realms), scope and dates. */
export function archiveFileName(row: Pick<ExportRow, "realm" | "scopeLabel" | "dateFrom" | "dateTo" | "toAsOf"> & Partial<Pick<ExportRow, "realms">>): string {
  // An open start is "start"; an open end is the request day in UTC, the day the archive's rows stop.
  const to = row.dateTo ?? (row.toAsOf ? row.toAsOf.toISOString().slice(0, 10) : "now");
  const realms = row.realms && row.realms.length > 1 ? row.realms.map((r) => slug(r.realm)).join("-and-") : slug(row.realm);
  return `${realms}_${slug(row.scopeLabel) || "export"}_${row.dateFrom ?? "start"}_to_${to}.zip`;
}

/** One storage key per export, so a retried run replaces its own file instead of adding another. */
export function storageKeyFor(row: Pick<ExportRow, "organizationId" | "id">): string {
  return `${row.organizationId}/${row.id}.zip`;
}

/** One storage key per partition of an export, beside the archive's, so a retry replaces its own output. */
export function partitionKeyFor(row: Pick<ExportRow, "organizationId" | "id">, index: number): string {
  return `${row.organizationId}/${row.id}.partitions/${String(index).padStart(4, "0")}.zip`;
}

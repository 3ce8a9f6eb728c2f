import type { ExportView } from "./types";

/** What the status table is narrowed to; the same names as GET /api/v1/exports's query parameters. */
export interface ListFilters {
  onlyMine: boolean;
  status: "" | ExportView["status"];
  realm: string;
  /** An email address, as typed. */
  requester: string;
  /** Part of the export's name. */
  q: string;
  sort: "newest" | "oldest";
}

export const NO_FILTERS: ListFilters = { onlyMine: false, status: "", realm: "", requester: "", q: "", sort: "newest" };

export function isUnfiltered(f: ListFilters): boolean {
  return (Object.keys(NO_FILTERS) as (keyof ListFilters)[]).every((k) => f[k] === NO_FILTERS[k]);
}

/** The filters as query parameters; empty ones are left out so the server's defaults apply. */
export function filterParams(f: ListFilters): Record<string, string> {
  const out: Record<string, string> = { onlyMine: String(f.onlyMine), sort: f.sort };
  if (f.status) out.status = f.status;
  if (f.realm) out.realm = f.realm;
  if (f.requester.trim()) out.requester = f.requester.trim();
  if (f.q.trim()) out.q = f.q.trim();
  return out;
}

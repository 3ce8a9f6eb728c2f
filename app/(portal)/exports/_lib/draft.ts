// dates.ts is pure (no server imports); sharing it keeps the form's date rules identical to the server's.
import { rangeRefusal, todayIn } from "@/lib/export-requests/dates";
import { partLimitMessage, partLimitValid } from "@/lib/export-requests/part-bounds";
import { filtersError, requestFilters, type FilterDraft } from "./filters";
import type { ExportFormat, FormLimits, RealmOption } from "./types";
import type { LockedScope } from "../studies/_lib/types";

export type ScopeType = "tenant" | "project" | "apps" | "organization";

/** A realm added after the first, with its own fields. */
export interface RealmChoice {
  realm: string;
  fields: string[];
  /** Filters on this realm's fields; none when left out. */
  filters?: FilterDraft[];
}

/** The create form's state, before it becomes an export request. */
export interface Draft {
  scopeType: ScopeType;
  projectId: string;
  appIds: string[];
  realm: string;
  fields: string[];
  /** Filters on the first realm's fields; blank ones are not sent. */
  filters: FilterDraft[];
  /** Further realms in the same archive, in order after the first; empty for one realm. */
  moreRealms: RealmChoice[];
  from: string;
  to: string;
  timezone: string;
  format: ExportFormat;
  csvBom: boolean;
  formulaGuard: boolean;
  /** "Split into parts": by rows, by megabytes, or "" for one file per format. */
  partsBy: "" | "maxRows" | "maxMegabytes";
  /** The size of a part as typed, in the unit of partsBy. */
  partsSize: string;
  /** The export's name as typed; empty: the server makes one from the realm and dates. */
  name: string;
  /** A study's Export action locks the scope to its cohort or participant; the scope fields are not shown. */
  lockedScope?: LockedScope["scope"];
  /** "Only rows new since …": continue the stream's newest done export (sent as incremental: true). */
  incremental: boolean;
}

export function emptyDraft(timezone: string): Draft {
  return {
    scopeType: "tenant",
    projectId: "",
    appIds: [],
    realm: "",
    fields: [],
    filters: [],
    moreRealms: [],
    from: "",
    to: "",
    timezone,
    format: "csv",
    csvBom: false,
    formulaGuard: true,
    partsBy: "",
    partsSize: "",
    name: "",
    incremental: false,
  };
}

/** Parts as the request takes them; none for XLSX, which is split into worksheets instead. */
function partsOf(draft: Draft) {
  if (!draft.partsBy || draft.format === "xlsx") return {};
  // Sent as typed (a number when it reads as one), so the server words what is wrong with it.
  const size = draft.partsSize.trim() === "" ? draft.partsSize : Number(draft.partsSize);
  return { parts: { [draft.partsBy]: size } };
}

/** Today in the timezone; an unknown zone (a tampered form) falls back to UTC and the server names the error. */
export function today(timezone: string): string {
  try {
    return todayIn(timezone || "UTC");
  } catch {
    return todayIn("UTC");
  }
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The request the form sends, in the shape of the server's exportRequestInput. */
export function toRequest(draft: Draft, tenantId: string) {
  const scope =
    draft.lockedScope ??
    (draft.scopeType === "project"
      ? { type: "project" as const, projectId: draft.projectId }
      : draft.scopeType === "apps"
        ? { type: "apps" as const, appIds: draft.appIds, ...(draft.projectId ? { projectId: draft.projectId } : {}) }
        : { type: draft.scopeType });
  return {
    tenantId,
    scope,
    // One realm as it always was; with more, each realm carries its own fields and filters.
    ...(draft.moreRealms.length
      ? {
          realms: [
            { realm: draft.realm, fields: draft.fields, filters: requestFilters(draft.filters) },
            ...draft.moreRealms.map((r) => ({ realm: r.realm, fields: r.fields, filters: requestFilters(r.filters ?? []) })),
          ],
        }
      : { realm: draft.realm, fields: draft.fields, filters: requestFilters(draft.filters) }),
    // An empty date is an open bound: left out, so the server reads "from the first record" / "up to now".
    ...(draft.from ? { from: draft.from } : {}),
    ...(draft.to ? { to: draft.to } : {}),
    timezone: draft.timezone,
    format: draft.format,
    options: { csvBom: draft.csvBom, formulaGuard: draft.formulaGuard },
    ...partsOf(draft),
    ...(draft.name.trim() ? { name: draft.name.trim() } : {}),
    ...(draft.incremental ? { incremental: true } : {}),
  };
}

/**
 * What the form can tell before asking the server, keyed like the server's field errors. The server
 * checks all of it again (and more); this only saves a round trip and explains the date limits early.
 */
export function validateDraft(draft: Draft, limits: FormLimits): Record<string, string> {
  const errors: Record<string, string> = {};
  if (draft.scopeType === "project" && !draft.projectId) errors["scope.projectId"] = "Choose a project";
  if (draft.scopeType === "apps" && draft.appIds.length === 0) errors["scope.appIds"] = "Choose at least one app";
  if (!draft.realm) errors.realm = "Choose a realm";
  else if (draft.fields.length === 0) errors.fields = "Choose at least one field";
  const unchosen = draft.moreRealms.findIndex((r) => !r.realm);
  const empty = draft.moreRealms.find((r) => r.realm && r.fields.length === 0);
  if (unchosen !== -1) errors.realms = `Choose realm ${unchosen + 2}, or remove it`;
  else if (empty) errors.realms = `Choose at least one field of every realm`;
  else {
    const refusals = draft.moreRealms.map((r) => filtersError(r.filters ?? []));
    const at = refusals.findIndex(Boolean);
    // "Realm 2, filter 1: enter a value…", as the server names a filter inside a realm.
    if (at !== -1) errors.realms = `Realm ${at + 2}, f${refusals[at]?.slice(1) ?? ""}`;
  }
  const filters = filtersError(draft.filters);
  if (filters) errors.filters = filters;
  const now = today(draft.timezone);
  if (draft.from > now) errors.from = "The start date cannot be in the future";
  if (draft.to > now) errors.to = "The end date cannot be in the future";
  if (!errors.from && !errors.to) {
    // The server's own rule: either date may be left empty, unless the organization's longest range needs it.
    const refusal = rangeRefusal(draft.from || null, draft.to || null, now, limits.maxRangeDays);
    if (refusal) errors[refusal.field] = refusal.message;
  }
  if (draft.partsBy && draft.format !== "xlsx" && !partLimitValid(draft.partsBy, Number(draft.partsSize.trim() || NaN)))
    errors[`parts.${draft.partsBy}`] = partLimitMessage(draft.partsBy);
  return errors;
}

const BYTES_BY_TYPE: Record<RealmOption["fields"][number]["type"], number> = {
  uuid: 36,
  bigint: 7,
  integer: 3,
  double: 9,
  timestamp: 24,
  text: 14,
  json: 120,
};

/** Bytes per row relative to CSV, from what the writers add (keys, quoting) or remove (columnar compression). */
const FORMAT_FACTOR: Record<ExportFormat, number> = { csv: 1, json: 1.2, ndjson: 2.2, parquet: 0.35, xlsx: 0.45, "csv+ndjson": 3.2 };

/** A rough size for the estimate line: typical widths of the chosen fields times the rows. */
export function roughSize(rows: number, realm: RealmOption | undefined, fields: string[], format: ExportFormat): number {
  if (!realm) return 0;
  const perRow = realm.fields.filter((f) => fields.includes(f.name)).reduce((sum, f) => sum + BYTES_BY_TYPE[f.type] + 1, 1);
  return Math.round(rows * perRow * FORMAT_FACTOR[format]);
}

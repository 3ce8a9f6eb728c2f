import { exportFormat } from "../../../db/schema/exports";
import { getRealm, REALM_IDS, type FieldType, type Realm, type RealmField } from "../../realms/catalog";
import { ExportRequestError } from "../errors";
import type { ExportFilter, ExportRequest } from "../types";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
// Long enough that a number too big for the column is told its range, not that it is no number.
const INTEGER = /^-?\d{1,40}$/;
// A time only with a date, an offset only with a time: the forms Postgres and JavaScript read alike.
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?(Z|[+-](\d{2})(?::?(\d{2}))?)?)?$/;
const MAX_LIST = 1000;
const MAX_FILTERS = 50;
/**
 * Years the engine accepts in dates and timestamps. Postgres refuses year 0 and prints years before 1 AD
 * with a "BC" suffix that no reader of the archive expects; nothing the warehouse holds is that old.
 */
export const YEARS = { min: 1900, max: 9999 } as const;
/** Postgres refuses UTC offsets of 16 hours or more ("time zone displacement out of range"). */
const MAX_OFFSET_HOURS = 15;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const TIMESTAMP_FORM = "a date or time such as 2025-01-31 or 2025-01-31T14:30:00Z";

/** A filter value after validation: text ready for a typed parameter. */
export interface FilterValue {
  text: string;
  /** Timestamps without an offset are wall-clock times in the request's timezone. */
  wallClock: boolean;
}

export type ValidFilter =
  | { field: RealmField; op: "eq"; value: FilterValue }
  | { field: RealmField; op: "in"; values: FilterValue[] }
  | { field: RealmField; op: "range"; min?: FilterValue; max?: FilterValue };

export interface ValidRequest {
  realm: Realm;
  fields: RealmField[];
  filters: ValidFilter[];
  req: ExportRequest;
}

const fail = (field: string, message: string, reason?: string): never => {
  throw new ExportRequestError(field, message, reason);
};

const show = (value: unknown) => JSON.stringify(value)?.slice(0, 120) ?? String(value);

/** A caller's value inside a reason: short, one line, without control characters. */
const quote = (value: unknown) => {
  const text = String(value).replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, "?");
  return `"${text.length > 40 ? `${text.slice(0, 40)}…` : text}"`;
};

function uuid(value: unknown, field: string, reason: string): string {
  if (typeof value !== "string" || !UUID.test(value)) fail(field, `${field} must be a UUID, got ${show(value)}`, reason);
  return String(value).toLowerCase();
}

/** Whether y-m-d is a day on the calendar (2025-02-30 is not). */
function isCalendarDay(y: number, mo: number, d: number): boolean {
  // setUTCFullYear, unlike Date.UTC, does not read years 0-99 as 1900-1999.
  const back = new Date(0);
  back.setUTCFullYear(y, mo - 1, d);
  return back.getUTCFullYear() === y && back.getUTCMonth() === mo - 1 && back.getUTCDate() === d;
}

/** A real calendar date in YYYY-MM-DD form (2025-02-30 is refused), within YEARS. */
export function parseDate(value: unknown, field: string): number {
  const m = typeof value === "string" ? DATE.exec(value) : null;
  if (!m) return fail(field, `${field} must be a date as YYYY-MM-DD, got ${show(value)}`, "enter it as YYYY-MM-DD, e.g. 2025-01-31.");
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (!isCalendarDay(y, mo, d)) fail(field, `${field} is not a calendar date: ${show(value)}`, `${m[0]} is not a day on the calendar.`);
  if (y < YEARS.min || y > YEARS.max)
    fail(field, `${field} is outside years ${YEARS.min}-${YEARS.max}: ${show(value)}`, `choose a year from ${YEARS.min} to ${YEARS.max}.`);
  return Date.UTC(y, mo - 1, d);
}

export function validateTimezone(value: unknown): string {
  const reason = `${typeof value === "string" ? quote(value) : "That"} is not a timezone the portal knows; choose one such as Europe/Amsterdam.`;
  if (typeof value !== "string" || !/^[A-Za-z0-9_+\-/]{1,64}$/.test(value)) {
    return fail("timezone", `timezone must be an IANA time zone name such as Europe/Amsterdam, got ${show(value)}`, reason);
  }
  try {
    new Intl.DateTimeFormat("en", { timeZone: value });
  } catch {
    fail("timezone", `Unknown time zone ${show(value)}`, reason);
  }
  return value;
}

/** Where a value sits in its filter, for the reason: "" for eq's value, " as the minimum", " as value 3". */
type Slot = { path: string; as: string };

function timestamp(value: unknown, slot: Slot): FilterValue {
  const m = typeof value === "string" ? TIMESTAMP.exec(value) : null;
  const bad = (what: string, reason: string) => fail(slot.path, `${slot.path} ${what}, got ${show(value)}`, reason);
  if (!m || typeof value !== "string") return bad("must be an ISO 8601 date or timestamp", `enter ${TIMESTAMP_FORM}${slot.as}.`);
  const [y, mo, d, h, mi, sec, offset, oh, om] = [1, 2, 3, 4, 5, 6, 7, 8, 9].map((i) => m[i]);
  if (!isCalendarDay(Number(y), Number(mo), Number(d)))
    return bad("is not a calendar date", `${y}-${mo}-${d} is not a day on the calendar${slot.as ? ` (${slot.as.trim()})` : ""}.`);
  if (Number(h ?? 0) > 23 || Number(mi ?? 0) > 59 || Number(sec ?? 0) > 59)
    return bad("is not a time of day", `enter a time from 00:00:00 to 23:59:59${slot.as}.`);
  if (Number(y) < YEARS.min || Number(y) > YEARS.max)
    return bad("is outside the supported years", `choose a year from ${YEARS.min} to ${YEARS.max}${slot.as}.`);
  if (Number(oh ?? 0) > MAX_OFFSET_HOURS || Number(om ?? 0) > 59)
    return bad("has a UTC offset out of range", `use a UTC offset from -15:59 to +15:59, e.g. +01:00${slot.as}.`);
  return { text: value, wallClock: !offset };
}

function filterValue(value: unknown, type: FieldType, slot: Slot): FilterValue {
  const bad = (what: string, reason: string) => fail(slot.path, `${slot.path} must be ${what}, got ${show(value)}`, `${reason}${slot.as}.`);
  switch (type) {
    case "text": {
      const text = typeof value === "string" ? value : typeof value === "number" && Number.isFinite(value) ? String(value) : null;
      if (text === null) return bad("a string", "enter text or a number");
      // Postgres text cannot hold NUL, and an unpaired surrogate cannot be stored as UTF-8 or JSON.
      if (text.includes("\0")) return bad("free of NUL characters", "remove the NUL character (\\0); text cannot hold it");
      if (LONE_SURROGATE.test(text)) return bad("valid Unicode", "remove the broken character (an unpaired surrogate)");
      return { text, wallClock: false };
    }
    case "uuid":
      return { text: uuid(value, slot.path, `enter an id such as 0b6e2f4c-1d2a-4c8e-9f3b-5a7d9e1c2b40${slot.as}.`), wallClock: false };
    case "integer":
    case "bigint": {
      const text = typeof value === "number" && Number.isSafeInteger(value) ? String(value) : value;
      if (typeof text !== "string" || !INTEGER.test(text)) return bad("an integer", "enter a whole number");
      const n = BigInt(text);
      const limit = type === "integer" ? 2n ** 31n : 2n ** 63n;
      if (n < -limit || n >= limit) {
        return bad(
          `an integer within the ${type} range`,
          `enter a whole number from ${(-limit).toLocaleString("en-US")} to ${(limit - 1n).toLocaleString("en-US")}`,
        );
      }
      return { text, wallClock: false };
    }
    case "double": {
      const n = typeof value === "number" ? value : typeof value === "string" && value.trim() !== "" ? Number(value) : NaN;
      if (!Number.isFinite(n)) return bad("a finite number", "enter a number such as 2.5");
      return { text: String(n), wallClock: false };
    }
    case "timestamp":
      return timestamp(value, slot);
    case "json":
      return fail(
        slot.path,
        `${slot.path} is on a JSON field, which cannot be filtered`,
        "this field holds JSON and cannot be filtered; filter on another field.",
      );
  }
}

function validateFilter(f: ExportFilter, i: number, realm: Realm): ValidFilter {
  const at = `filters[${i}]`;
  if (!f || typeof f !== "object") fail(at, `${at} must be an object`, 'write it as an object, e.g. {"field": "nodes", "op": "eq", "value": 4}.');
  const field = realm.fields.find((x) => x.name === f.field);
  if (!field)
    return fail(`${at}.field`, `Unknown field ${show(f.field)} in realm "${realm.id}"`, `${quote(f.field)} is not a field of the ${realm.label} realm.`);
  if (field.type === "json")
    fail(`${at}.field`, `Field "${field.name}" holds JSON and cannot be filtered`, "this field holds JSON and cannot be filtered; filter on another field.");
  if (f.op === "eq") return { field, op: "eq", value: filterValue(f.value, field.type, { path: `${at}.value`, as: "" }) };
  if (f.op === "in") {
    if (!Array.isArray(f.values) || f.values.length === 0 || f.values.length > MAX_LIST) {
      fail(`${at}.values`, `${at}.values must list 1 to ${MAX_LIST} values`, `list 1 to ${MAX_LIST.toLocaleString("en-US")} values to match.`);
    }
    return { field, op: "in", values: f.values.map((v, j) => filterValue(v, field.type, { path: `${at}.values[${j}]`, as: ` as value ${j + 1}` })) };
  }
  if (f.op === "range") {
    const min = f.min === undefined || f.min === null ? undefined : filterValue(f.min, field.type, { path: `${at}.min`, as: " as the minimum" });
    const max = f.max === undefined || f.max === null ? undefined : filterValue(f.max, field.type, { path: `${at}.max`, as: " as the maximum" });
    if (!min && !max) fail(at, `${at} needs a min, a max or both`, "give a minimum, a maximum or both.");
    return { field, op: "range", min, max };
  }
  return fail(`${at}.op`, `${at}.op must be eq, in or range, got ${show((f as { op: unknown }).op)}`, "choose an operator: eq, in or range.");
}

function validateScope(req: ExportRequest): void {
  const s = req.scope;
  if (!s || typeof s !== "object") fail("scope", "scope is required", "choose tenant, project, apps or organization.");
  const project = "choose a project from the list.";
  switch (s.type) {
    case "tenant":
    case "organization":
      return;
    case "project":
      uuid(s.projectId, "scope.projectId", project);
      return;
    case "apps":
      if (s.projectId !== undefined) uuid(s.projectId, "scope.projectId", project);
      if (!Array.isArray(s.appIds) || s.appIds.length === 0 || s.appIds.length > MAX_LIST) {
        fail("scope.appIds", `scope.appIds must list 1 to ${MAX_LIST} apps`, `choose 1 to ${MAX_LIST.toLocaleString("en-US")} apps.`);
      }
      s.appIds.forEach((id, i) => uuid(id, `scope.appIds[${i}]`, "choose apps from the list."));
      return;
    case "cohort":
    case "participant":
      uuid(s.studyId, "scope.studyId", "choose a study from the list.");
      if (!Array.isArray(s.members)) fail("scope.members", "A study scope lists its members", "choose the cohort again.");
      if (!getRealm(req.realm)?.participant) fail("realm", `The ${req.realm} realm holds no participant data`, "choose Lab results or Analytics events.");
      return;
    default:
      fail(
        "scope.type",
        `scope.type must be tenant, project, apps or organization, got ${show((s as { type: unknown }).type)}`,
        "choose tenant, project, apps or organization.",
      );
  }
}

/** Checks a request against the catalog and the rules of issue #3; throws ExportRequestError before any query. */
export function validateRequest(req: ExportRequest): ValidRequest {
  if (!req || typeof req !== "object") fail("request", "The export request is missing", "send the export request as a JSON object.");
  const realm = getRealm(typeof req.realm === "string" ? req.realm : "");
  if (!realm) return fail("realm", `Unknown realm ${show(req.realm)}; expected one of ${REALM_IDS.join(", ")}`, `choose one of ${REALM_IDS.join(", ")}.`);
  uuid(req.organizationId, "organizationId", "use the id of one of your organizations.");
  uuid(req.tenantId, "tenantId", "use the id of one of your tenants.");
  validateScope(req);
  // Either bound may be open; an open end needs the moment it stands for, or a retry would read newer rows.
  const from = req.dateFrom == null ? null : parseDate(req.dateFrom, "dateFrom");
  const to = req.dateTo == null ? null : parseDate(req.dateTo, "dateTo");
  if (to === null && !(req.toAsOf instanceof Date && !Number.isNaN(req.toAsOf.getTime())))
    fail("dateTo", "An export without dateTo needs toAsOf, the moment it was requested", "choose an end date.");
  if (from !== null && to !== null && to < from)
    fail("dateTo", `dateTo (${req.dateTo}) is before dateFrom (${req.dateFrom})`, "it must be on or after the start date.");
  validateTimezone(req.timezone);
  if (!(exportFormat.enumValues as readonly string[]).includes(req.format)) {
    fail(
      "format",
      `format must be one of ${exportFormat.enumValues.join(", ")}, got ${show(req.format)}`,
      "choose CSV, JSON, NDJSON, Parquet, XLSX or CSV + NDJSON.",
    );
  }

  let fields: RealmField[] = [...realm.fields];
  if (req.fields !== undefined) {
    if (!Array.isArray(req.fields) || req.fields.length === 0) fail("fields", "fields must list at least one field", "choose at least one field.");
    const seen = new Set<string>();
    fields = req.fields.map((name, i) => {
      const field = realm.fields.find((f) => f.name === name);
      if (!field)
        return fail(`fields[${i}]`, `Unknown field ${show(name)} in realm "${realm.id}"`, `${quote(name)} is not a field of the ${realm.label} realm.`);
      if (seen.has(name)) fail(`fields[${i}]`, `Field "${name}" is listed twice`, `${quote(name)} is chosen twice.`);
      seen.add(name);
      return field;
    });
  }

  const rawFilters = req.filters ?? [];
  if (!Array.isArray(rawFilters) || rawFilters.length > MAX_FILTERS)
    fail("filters", `filters must be a list of at most ${MAX_FILTERS}`, `use at most ${MAX_FILTERS} filters.`);
  const filters = rawFilters.map((f, i) => validateFilter(f, i, realm));
  return { realm, fields, filters, req };
}

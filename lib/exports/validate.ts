import { exportFormat } from "../../db/schema/exports";
import { getRealm, REALM_IDS, type FieldType, type Realm, type RealmField } from "../realms/catalog";
import { ExportRequestError } from "./errors";
import type { ExportFilter, ExportRequest } from "./types";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const INTEGER = /^-?\d{1,19}$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?$/;
const HAS_OFFSET = /(?:Z|[+-]\d{2}(?::?\d{2})?)$/;
const MAX_LIST = 1000;
const MAX_FILTERS = 50;

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

const fail = (field: string, message: string): never => {
  throw new ExportRequestError(field, message);
};

const show = (value: unknown) => JSON.stringify(value)?.slice(0, 120) ?? String(value);

function uuid(value: unknown, field: string): string {
  if (typeof value !== "string" || !UUID.test(value)) fail(field, `${field} must be a UUID, got ${show(value)}`);
  return String(value).toLowerCase();
}

/** A real calendar date in YYYY-MM-DD form (2025-02-30 is refused). */
export function parseDate(value: unknown, field: string): number {
  const m = typeof value === "string" ? DATE.exec(value) : null;
  if (!m) return fail(field, `${field} must be a date as YYYY-MM-DD, got ${show(value)}`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = Date.UTC(y, mo - 1, d);
  const back = new Date(t);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || y < 1) {
    fail(field, `${field} is not a calendar date: ${show(value)}`);
  }
  return t;
}

export function validateTimezone(value: unknown): string {
  if (typeof value !== "string" || !/^[A-Za-z0-9_+\-/]{1,64}$/.test(value)) {
    return fail("timezone", `timezone must be an IANA time zone name such as Europe/Amsterdam, got ${show(value)}`);
  }
  try {
    new Intl.DateTimeFormat("en", { timeZone: value });
  } catch {
    fail("timezone", `Unknown time zone ${show(value)}`);
  }
  return value;
}

function filterValue(value: unknown, type: FieldType, field: string): FilterValue {
  const bad = (what: string) => fail(field, `${field} must be ${what}, got ${show(value)}`);
  switch (type) {
    case "text":
      if (typeof value === "string") return { text: value, wallClock: false };
      if (typeof value === "number" && Number.isFinite(value)) return { text: String(value), wallClock: false };
      return bad("a string");
    case "uuid":
      return { text: uuid(value, field), wallClock: false };
    case "integer":
    case "bigint": {
      const text = typeof value === "number" && Number.isSafeInteger(value) ? String(value) : value;
      if (typeof text !== "string" || !INTEGER.test(text)) return bad("an integer");
      const n = BigInt(text);
      const limit = type === "integer" ? 2n ** 31n : 2n ** 63n;
      if (n < -limit || n >= limit) return bad(`an integer within the ${type} range`);
      return { text, wallClock: false };
    }
    case "double": {
      const n = typeof value === "number" ? value : typeof value === "string" && value.trim() !== "" ? Number(value) : NaN;
      if (!Number.isFinite(n)) return bad("a finite number");
      return { text: String(n), wallClock: false };
    }
    case "timestamp":
      if (typeof value !== "string" || !TIMESTAMP.test(value) || Number.isNaN(Date.parse(value.replace(" ", "T")))) {
        return bad("an ISO 8601 date or timestamp");
      }
      return { text: value, wallClock: !HAS_OFFSET.test(value) };
    case "json":
      return fail(field, `${field} cannot be filtered: JSON fields support no filters`);
  }
}

function validateFilter(f: ExportFilter, i: number, realm: Realm): ValidFilter {
  const at = `filters[${i}]`;
  if (!f || typeof f !== "object") fail(at, `${at} must be an object`);
  const field = realm.fields.find((x) => x.name === f.field);
  if (!field) return fail(`${at}.field`, `Unknown field ${show(f.field)} in realm "${realm.id}"`);
  if (field.type === "json") fail(`${at}.field`, `Field "${field.name}" holds JSON and cannot be filtered`);
  if (f.op === "eq") return { field, op: "eq", value: filterValue(f.value, field.type, `${at}.value`) };
  if (f.op === "in") {
    if (!Array.isArray(f.values) || f.values.length === 0 || f.values.length > MAX_LIST) {
      fail(`${at}.values`, `${at}.values must list 1 to ${MAX_LIST} values`);
    }
    return { field, op: "in", values: f.values.map((v, j) => filterValue(v, field.type, `${at}.values[${j}]`)) };
  }
  if (f.op === "range") {
    const min = f.min === undefined || f.min === null ? undefined : filterValue(f.min, field.type, `${at}.min`);
    const max = f.max === undefined || f.max === null ? undefined : filterValue(f.max, field.type, `${at}.max`);
    if (!min && !max) fail(at, `${at} needs a min, a max or both`);
    return { field, op: "range", min, max };
  }
  return fail(`${at}.op`, `${at}.op must be eq, in or range, got ${show((f as { op: unknown }).op)}`);
}

function validateScope(req: ExportRequest): void {
  const s = req.scope;
  if (!s || typeof s !== "object") fail("scope", "scope is required");
  switch (s.type) {
    case "tenant":
    case "organization":
      return;
    case "project":
      uuid(s.projectId, "scope.projectId");
      return;
    case "apps":
      if (s.projectId !== undefined) uuid(s.projectId, "scope.projectId");
      if (!Array.isArray(s.appIds) || s.appIds.length === 0 || s.appIds.length > MAX_LIST) {
        fail("scope.appIds", `scope.appIds must list 1 to ${MAX_LIST} apps`);
      }
      s.appIds.forEach((id, i) => uuid(id, `scope.appIds[${i}]`));
      return;
    default:
      fail("scope.type", `scope.type must be tenant, project, apps or organization, got ${show((s as { type: unknown }).type)}`);
  }
}

/** Checks a request against the catalog and the rules of issue #3; throws ExportRequestError before any query. */
export function validateRequest(req: ExportRequest): ValidRequest {
  if (!req || typeof req !== "object") fail("request", "The export request is missing");
  const realm = getRealm(typeof req.realm === "string" ? req.realm : "");
  if (!realm) return fail("realm", `Unknown realm ${show(req.realm)}; expected one of ${REALM_IDS.join(", ")}`);
  uuid(req.organizationId, "organizationId");
  uuid(req.tenantId, "tenantId");
  validateScope(req);
  const from = parseDate(req.dateFrom, "dateFrom");
  const to = parseDate(req.dateTo, "dateTo");
  if (to < from) fail("dateTo", `dateTo (${req.dateTo}) is before dateFrom (${req.dateFrom})`);
  validateTimezone(req.timezone);
  if (!(exportFormat.enumValues as readonly string[]).includes(req.format)) {
    fail("format", `format must be one of ${exportFormat.enumValues.join(", ")}, got ${show(req.format)}`);
  }

  let fields: RealmField[] = [...realm.fields];
  if (req.fields !== undefined) {
    if (!Array.isArray(req.fields) || req.fields.length === 0) fail("fields", "fields must list at least one field");
    const seen = new Set<string>();
    fields = req.fields.map((name, i) => {
      const field = realm.fields.find((f) => f.name === name);
      if (!field) return fail(`fields[${i}]`, `Unknown field ${show(name)} in realm "${realm.id}"`);
      if (seen.has(name)) fail(`fields[${i}]`, `Field "${name}" is listed twice`);
      seen.add(name);
      return field;
    });
  }

  const rawFilters = req.filters ?? [];
  if (!Array.isArray(rawFilters) || rawFilters.length > MAX_FILTERS) fail("filters", `filters must be a list of at most ${MAX_FILTERS}`);
  const filters = rawFilters.map((f, i) => validateFilter(f, i, realm));
  return { realm, fields, filters, req };
}

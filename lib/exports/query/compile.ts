import type { FieldType, RealmField } from "../../realms/catalog";
import { quoteIdent, SqlText, type PgCast } from "./sql-text";
import type { CompiledQuery, ExportRequest } from "../types";
import { deidentifiedFrom, isStudyScope, studyMembersWhere } from "./study-scope";
import { validateRequest, type FilterValue, type ValidRequest } from "./validate";

const CAST: Record<Exclude<FieldType, "json">, PgCast> = {
  text: "text",
  uuid: "uuid",
  integer: "integer",
  bigint: "bigint",
  double: "double precision",
  timestamp: "timestamptz",
};

function value(sql: SqlText, field: RealmField, v: FilterValue, tz: string): SqlText {
  if (field.type === "json") throw new Error("JSON fields are not filterable");
  if (field.type === "timestamp" && v.wallClock) {
    return sql.add("(").param(v.text, "timestamp").add(" AT TIME ZONE ").param(tz, "text").add(")");
  }
  return sql.param(v.text, CAST[field.type]);
}

/** FROM and WHERE: organization always, tenant unless the whole organization, the scope, the dates, the filters. */
export function compileFromWhere(valid: ValidRequest, opts: { samplePercent?: number } = {}): SqlText {
  const { realm, req, filters } = valid;
  const tz = req.timezone;
  const col = (name: string) => quoteIdent(name);
  const time = col(realm.timeColumn);
  const study = isStudyScope(req.scope) ? req.scope : null;
  const deidentified = study && deidentifiedFrom(realm, study, opts.samplePercent);
  const sql = deidentified ?? new SqlText().add(` FROM ${quoteIdent(realm.schema)}.${quoteIdent(realm.table)} `);
  // A sample of the table's pages (the same ones every time), for statistics that need not read every row.
  if (opts.samplePercent !== undefined && !deidentified) sql.add("TABLESAMPLE SYSTEM (").param(opts.samplePercent, "double precision").add(") REPEATABLE (0) ");
  sql.add("WHERE ");
  sql.add(`${col("organization_id")} = `).param(req.organizationId.toLowerCase(), "uuid");
  if (req.scope.type !== "organization") sql.add(` AND ${col("tenant_id")} = `).param(req.tenantId.toLowerCase(), "uuid");
  if (req.scope.type === "project") sql.add(` AND ${col("project_id")} = `).param(req.scope.projectId, "uuid");
  if (req.scope.type === "apps") {
    if (req.scope.projectId) sql.add(` AND ${col("project_id")} = `).param(req.scope.projectId, "uuid");
    sql.add(` AND ${col("app_id")} IN (`);
    req.scope.appIds.forEach((id, i) => sql.add(i ? ", " : "").param(id, "uuid"));
    sql.add(")");
  }
  // A de-identified FROM holds only the members' rows already.
  if (study && !deidentified) sql.append(studyMembersWhere(realm, study));
  // Calendar dates in the request's zone: from local midnight of dateFrom up to local midnight after dateTo.
  // Without dateFrom there is no lower bound; without dateTo the end is the recorded request time, exclusive.
  if (req.dateFrom) sql.add(` AND ${time} >= (`).param(req.dateFrom, "date").add("::timestamp AT TIME ZONE ").param(tz, "text").add(")");
  if (req.dateTo) sql.add(` AND ${time} < ((`).param(req.dateTo, "date").add(" + 1)::timestamp AT TIME ZONE ").param(tz, "text").add(")");
  else if (req.toAsOf) sql.add(` AND ${time} < `).param(req.toAsOf.toISOString(), "timestamptz");
  if (req.window?.from) sql.add(` AND ${time} >= `).param(req.window.from.toISOString(), "timestamptz");
  if (req.window?.to) sql.add(` AND ${time} < `).param(req.window.to.toISOString(), "timestamptz");
  if (req.slice?.from) sql.add(` AND ${time} >= `).param(req.slice.from.toISOString(), "timestamptz");
  if (req.slice?.to) sql.add(` AND ${time} < `).param(req.slice.to.toISOString(), "timestamptz");
  const arrivals = req.arrivals;
  if (arrivals) {
    // Arrival, not id or time: a transaction that commits late still lands in the next export, exactly once.
    const marker = col("ingest_xid");
    sql.add(` AND pg_visible_in_snapshot(${marker}, `).param(arrivals.upTo, "pg_snapshot").add(")");
    if (arrivals.after) {
      sql.add(` AND NOT (pg_visible_in_snapshot(${marker}, `).param(arrivals.after, "pg_snapshot").add(")");
      if (arrivals.afterBefore) sql.add(` AND ${time} < `).param(arrivals.afterBefore.toISOString(), "timestamptz");
      sql.add(")");
    }
  }
  for (const f of filters) {
    const c = col(f.field.name);
    if (f.op === "eq") value(sql.add(` AND ${c} = `), f.field, f.value, tz);
    else if (f.op === "in") {
      sql.add(` AND ${c} IN (`);
      f.values.forEach((v, i) => value(sql.add(i ? ", " : ""), f.field, v, tz));
      sql.add(")");
    } else {
      if (f.min) value(sql.add(` AND ${c} >= `), f.field, f.min, tz);
      if (f.max) value(sql.add(` AND ${c} <= `), f.field, f.max, tz);
    }
  }
  return sql;
}

/**
 * Records in time order (ties by id): what people expect of an export, and what makes a rerun of an
 * interrupted step write the same bytes as the first try.
 */
export function orderBy(valid: ValidRequest): string {
  return ` ORDER BY ${quoteIdent(valid.realm.timeColumn)}, ${quoteIdent("id")}`;
}

export function selectList(fields: RealmField[], render: (field: RealmField, column: string) => string = (_f, c) => c): string {
  return fields.map((f) => `${render(f, quoteIdent(f.name))} AS ${quoteIdent(f.name)}`).join(", ");
}

/** The export as one parameterized query: catalog identifiers, every value a parameter. */
export function compileQuery(req: ExportRequest): CompiledQuery {
  const valid = validateRequest(req);
  const { text, values } = new SqlText()
    .add(`SELECT ${selectList(valid.fields)}`)
    .append(compileFromWhere(valid))
    .toParameterized();
  return { text, values, realm: valid.realm, fields: valid.fields };
}

/** COPY takes no bind parameters, so its query carries the validated values as escaped, typed literals. */
export function compileCopy(valid: ValidRequest, select: string, copyOptions: string): string {
  const query = new SqlText().add(`SELECT ${select}`).append(compileFromWhere(valid)).add(orderBy(valid)).toInline();
  return `COPY (${query}) TO STDOUT (${copyOptions})`;
}

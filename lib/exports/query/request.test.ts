import { afterAll, describe, expect, it } from "vitest";
import { produceArchive } from "../archive/produce";
import { compileQuery } from "./compile";
import { ExportRequestError } from "../errors";
import { estimateRows } from "./estimate";
import { previewRows } from "./preview";
import type { Sql } from "./session";
import { newScope, outDir, request, testSql } from "../../../test/exports/support";
import type { ExportRequest } from "../types";

const sql = testSql();
afterAll(() => sql.end());

/** A connection that fails the test if anything reaches the database. */
const noQuery = new Proxy(() => {}, {
  get: () => () => {
    throw new Error("a query ran for a refused request");
  },
  apply: () => {
    throw new Error("a query ran for a refused request");
  },
}) as unknown as Sql;

const base = request(newScope(), {});
const bad: [string, Partial<ExportRequest>, string, RegExp][] = [
  ["unknown realm", { realm: "payroll" }, "realm", /Unknown realm "payroll"/],
  ["unknown field", { fields: ["job_id", "salary"] }, "fields[1]", /Unknown field "salary" in realm "jobs"/],
  ["SQL in a field name", { fields: ['foo; drop table "x"'] }, "fields[0]", /Unknown field "foo; drop table \\"x\\"" in realm "jobs"/],
  ["filter on an unknown field", { filters: [{ field: "1=1) or (true", op: "eq", value: 1 }] }, "filters[0].field", /Unknown field/],
  ["filter value of the wrong type", { filters: [{ field: "nodes", op: "eq", value: "1 or 1=1" }] }, "filters[0].value", /integer/],
  ["end before start", { dateFrom: "2025-03-02", dateTo: "2025-03-01" }, "dateTo", /before dateFrom/],
  ["not a calendar date", { dateFrom: "2025-02-30" }, "dateFrom", /not a calendar date/],
  // An open end must stand for a recorded moment, or each retry would read up to its own "now".
  ["an open end without its request time", { dateTo: null }, "dateTo", /needs toAsOf/],
  ["bad timezone", { timezone: "Mars/Olympus_Mons" }, "timezone", /Unknown time zone/],
  ["SQL in the timezone", { timezone: "UTC'; select 1; --" }, "timezone", /IANA/],
  ["bad tenant id", { tenantId: "' or true --" }, "tenantId", /UUID/],
  ["empty app list", { scope: { type: "apps", appIds: [] } }, "scope.appIds", /1 to/],
  ["unknown format", { format: "pdf" as never }, "format", /format must be/],
];

describe("open bounds", () => {
  it("compile a time predicate only for the bounds given; an open end is the recorded request time, exclusive", () => {
    const asOf = new Date("2026-05-04T03:02:01.123Z");
    const open = compileQuery({ ...base, dateFrom: null, dateTo: null, toAsOf: asOf });
    expect(open.text).not.toContain(">=");
    expect(open.text).toMatch(/"submitted_at" < \$\d+::timestamptz/);
    expect(open.values).toContain(asOf.toISOString());
    // A bounded end ignores a stray toAsOf: the date alone fixes the rows.
    const bounded = compileQuery({ ...base, dateFrom: null, toAsOf: asOf });
    expect(bounded.values).not.toContain(asOf.toISOString());
    expect(bounded.text).toMatch(/"submitted_at" < \(\(\$\d+::date \+ 1\)/);
  });
});

describe("requests outside the catalog are refused before any query", () => {
  it.each(bad)("%s", async (_name, over, field, message) => {
    const req = { ...base, ...over };
    for (const attempt of [
      async () => compileQuery(req),
      () => estimateRows(noQuery, req),
      () => previewRows(noQuery, req),
      () => produceArchive(noQuery, req, { outDir: outDir("refused"), baseName: "x" }),
    ]) {
      const err = await attempt().then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(ExportRequestError);
      expect((err as ExportRequestError).field).toBe(field);
      expect((err as ExportRequestError).message).toMatch(message);
    }
  });

  it("compiles to one parameterized query with quoted catalog identifiers only", () => {
    const q = compileQuery({ ...base, fields: ["job_name", "nodes"], filters: [{ field: "job_name", op: "in", values: ["a'b", "c"] }] });
    expect(q.text).toMatch(
      /^SELECT "job_name" AS "job_name", "nodes" AS "nodes" FROM "warehouse"\."jobs" WHERE "organization_id" = \$1::uuid AND "tenant_id" = \$2::uuid/,
    );
    expect(q.text).not.toContain("a'b");
    expect(q.values).toContain("a'b");
    expect(q.fields.map((f) => f.name)).toEqual(["job_name", "nodes"]);
  });
});

describe("values that look like SQL stay values, in COPY too", () => {
  const scope = newScope();
  const evil = ["x'; drop table warehouse.jobs; --", "\\'; select pg_sleep(10); --", "$$ or true $$", "E'\\x27'", "\\"];

  it("filters on hostile text match exactly the rows holding that text", async () => {
    for (const [i, name] of [...evil, "plain"].entries()) {
      await sql`insert into warehouse.jobs (organization_id, tenant_id, project_id, app_id, job_id, user_name, job_name, queue, submitted_at, nodes, cores, exit_state)
        values (${scope.organizationId}, ${scope.tenantId}, ${scope.projectId}, ${scope.appId}, ${`j${i}`}, 'u', ${name}, 'q', '2025-03-30T10:00:00Z', 1, 1, 'completed')`;
    }
    for (const name of evil) {
      const req = request(scope, { fields: ["job_name"], filters: [{ field: "job_name", op: "eq", value: name }] });
      const res = await produceArchive(sql, req, { outDir: outDir("evil"), baseName: "evil", compression: "store" });
      expect(res.rowCount).toBe(1);
      expect(await estimateRows(sql, req)).toEqual({ rows: 1, exact: true });
      expect(await previewRows(sql, req)).toEqual([{ job_name: name }]);
    }
    const [{ n }] = await sql`select count(*)::int as n from warehouse.jobs where organization_id = ${scope.organizationId}`;
    expect(n).toBe(evil.length + 1);
  });
});

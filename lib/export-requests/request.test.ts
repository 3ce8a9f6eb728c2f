import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ExportRequestError } from "../exports";
import { exportRequestInput } from "./input";
import { normalParts, partsInput } from "./parts";
import { refusalOf } from "./refusals";
import { checkedRequest, clientRequestOf, realmRequestsOf, type CheckedRequest } from "./request";

const JOBS = { realm: "jobs", fields: ["job_id", "nodes"], filters: [{ field: "nodes", op: "range" as const, min: 2 }] };

const checked = (over: Partial<CheckedRequest> = {}): CheckedRequest => ({
  realms: [over.realm ? { realm: over.realm, fields: over.fields ?? [], filters: over.filters ?? [] } : JOBS],
  organizationId: randomUUID(),
  tenantId: randomUUID(),
  scope: { type: "apps", appIds: [randomUUID(), randomUUID()] },
  scopeLabel: "Apps A, B",
  realm: "jobs",
  fields: ["job_id", "nodes"],
  filters: [{ field: "nodes", op: "range", min: 2 }],
  dateFrom: "2024-03-01",
  dateTo: "2024-03-31",
  toAsOf: null,
  timezone: "Europe/Amsterdam",
  format: "csv+ndjson",
  options: { csvBom: true, formulaGuard: false },
  parts: null,
  ...over,
});

describe("the export request's one shape", () => {
  it("goes out as the body a client sends and comes back unchanged, so a resubmit asks for the same export", () => {
    for (const r of [
      checked(),
      checked({ scope: { type: "project", projectId: randomUUID() } }),
      checked({ options: {} }),
      checked({ parts: { maxRows: 5_000 } }),
      checked({ parts: { maxRows: 1_000, maxMegabytes: 2 } }),
    ]) {
      const body = clientRequestOf(r);
      expect(body).toMatchObject({ from: r.dateFrom, to: r.dateTo });
      const again = checkedRequest(r.organizationId, {
        input: exportRequestInput.parse(body),
        fields: r.fields,
        realms: r.realms,
        scope: r.scope,
        scopeLabel: r.scopeLabel,
      });
      // Options take their defaults on the way out, as the fingerprint normalises them.
      expect(again).toEqual({ ...r, options: { csvBom: r.options.csvBom ?? false, formulaGuard: r.options.formulaGuard ?? true } });
    }
  });

  it("sends several realms as realms, each with its fields and filters, and reads them back in the archive's order", () => {
    const lab = { realm: "lab-results", fields: ["result_id"], filters: [{ field: "result_id", op: "eq" as const, value: 3 }] };
    const r = checked({ realms: [lab, JOBS], realm: lab.realm, fields: lab.fields, filters: lab.filters });
    const body = clientRequestOf(r);
    expect(body).toMatchObject({ realms: [lab, JOBS] });
    // Top-level realm, fields and filters are the one-realm shorthand: a body with realms leaves them out.
    expect(body).not.toHaveProperty("realm");
    expect(body).not.toHaveProperty("fields");
    expect(body).not.toHaveProperty("filters");
    const input = exportRequestInput.parse(body);
    expect(input.realms).toEqual([lab, JOBS]);
    expect(checkedRequest(r.organizationId, { input, fields: lab.fields, realms: r.realms, scope: r.scope, scopeLabel: r.scopeLabel })).toEqual({
      ...r,
      options: { csvBom: true, formulaGuard: false },
    });
    // One engine request per realm, everything but the realm's own parts shared.
    const engine = realmRequestsOf(r);
    expect(engine.map((e) => [e.realm, e.fields, e.filters])).toEqual([
      [lab.realm, lab.fields, lab.filters],
      [JOBS.realm, JOBS.fields, JOBS.filters],
    ]);
    expect(engine.every((e) => e.scope === r.scope && e.format === r.format && e.dateFrom === r.dateFrom && !("realms" in e))).toBe(true);
  });

  it("keeps an open bound open: the body leaves it out, and checked again an open end takes the new request's time", () => {
    const first = new Date("2026-01-01T10:00:00Z");
    const r = checked({ dateFrom: null, dateTo: null, toAsOf: first });
    const body = clientRequestOf(r);
    expect(body).not.toHaveProperty("from");
    expect(body).not.toHaveProperty("to");
    const later = new Date("2026-01-02T10:00:00Z");
    const again = checkedRequest(
      r.organizationId,
      { input: exportRequestInput.parse(body), fields: r.fields, realms: r.realms, scope: r.scope, scopeLabel: r.scopeLabel },
      later,
    );
    expect(again).toMatchObject({ dateFrom: null, dateTo: null, toAsOf: later });
    // A bounded end records no request time: the date alone fixes the rows.
    const bounded = checkedRequest(
      r.organizationId,
      { input: exportRequestInput.parse({ ...body, to: "2025-12-31" }), fields: r.fields, realms: r.realms, scope: r.scope, scopeLabel: r.scopeLabel },
      later,
    );
    expect(bounded).toMatchObject({ dateFrom: null, dateTo: "2025-12-31", toAsOf: null });
  });

  it("names the engine's dates as the client does when it refuses them", () => {
    expect(refusalOf(new ExportRequestError("dateTo", "x", "choose a real day.")).fieldErrors).toEqual({ to: "End date: choose a real day." });
    expect(refusalOf(new ExportRequestError("dateFrom", "x", "choose a real day.")).fieldErrors).toEqual({ from: "Start date: choose a real day." });
  });

  it("reads a parts limit sent as null as no such limit, as it does parts: null, and still wants one limit", () => {
    expect(normalParts(partsInput.parse({ maxRows: 1_000, maxMegabytes: null }))).toEqual({ maxRows: 1_000 });
    expect(normalParts(partsInput.parse({ maxRows: null, maxMegabytes: 5 }))).toEqual({ maxMegabytes: 5 });
    expect(normalParts(partsInput.parse(null))).toBeNull();
    const neither = partsInput.safeParse({ maxRows: null, maxMegabytes: null });
    expect(neither.success).toBe(false);
    expect(neither.error?.issues[0]?.message).toMatch(/^Say how large a part may be/);
  });
});

import { eq, sql as dsql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { exports } from "@/db/schema";
import { testDb, type TestOrg } from "@/test/factories";
import { orgWithData } from "@/test/export-flow";
import { callId, insertExport, loadRoutes, postExport, tokenFor, type Routes } from "@/test/api-routes";
import { exportCreatedSchema, exportSchema, problemSchema } from "./_lib/schemas";

/* Several realms in one export through POST /api/v1/exports: accepted and read back, or refused in words a person can act on. */
vi.mock("@/app/_lib/session", () => ({ currentUser: async () => null }));
vi.mock("@/auth", () => ({ auth: async () => null }));

const { db, sql } = testDb();
let routes: Routes;
let org: TestOrg;
let token: string;
let analystId: string;

beforeAll(async () => {
  routes = await loadRoutes("realms");
  const made = await orgWithData(300);
  org = made.org;
  // An analyst may export jobs and events, not lab results.
  token = await tokenFor(made.analyst.id, org, ["data.exports.read", "data.exports.create"]);
  analystId = made.analyst.id;
});
afterAll(async () => {
  await routes?.engine.stop();
});

const body = (change: Record<string, unknown> = {}) => ({
  tenantId: org.tenantIds[0],
  scope: { type: "tenant" },
  from: "2024-01-01",
  to: "2024-12-31",
  timezone: "UTC",
  format: "csv",
  ...change,
});

async function exportCount(): Promise<number> {
  const [row] = await db
    .select({ n: dsql<number>`count(*)::int` })
    .from(exports)
    .where(eq(exports.organizationId, org.organizationId));
  return row?.n ?? 0;
}

async function rowsIn(table: "jobs" | "events", column: string): Promise<number> {
  const [row] = await sql<{ n: number }[]>`select count(*)::int as n from ${sql("warehouse")}.${sql(table)}
    where tenant_id = ${org.tenantIds[0]} and ${sql(column)} >= '2024-01-01T00:00:00Z' and ${sql(column)} < '2025-01-01T00:00:00Z'`;
  return row?.n ?? 0;
}

describe("an export of several realms", () => {
  it("is accepted with each realm's own fields and filters, stored in order, and reads back the same", async () => {
    const realms = [
      { realm: "events", fields: ["event_time", "event_type"] },
      { realm: "jobs", fields: ["job_id", "nodes"], filters: [{ field: "nodes", op: "range", min: 1 }] },
    ];
    const res = await postExport(routes, token, body({ realms }));
    expect(res.status).toBe(202);
    const view = exportCreatedSchema.parse(await res.json());
    expect(view.realms).toEqual([
      { realm: "events", fields: ["event_time", "event_type"], filters: [] },
      { realm: "jobs", fields: ["job_id", "nodes"], filters: [{ field: "nodes", op: "range", min: 1 }] },
    ]);
    // The first realm is the list's realm; the label names both.
    expect(view).toMatchObject({ realm: "events", fields: ["event_time", "event_type"], realmLabel: "Analytics events + Compute jobs" });
    // The estimate is the sum of the realms' rows.
    const expected = (await rowsIn("events", "event_time")) + (await rowsIn("jobs", "submitted_at"));
    expect(expected).toBeGreaterThan(0);
    expect(view.rowsEstimate).toBe(expected);
    // The request to send again is realms, not the one-realm shorthand.
    expect(view.request).toMatchObject({ realms: view.realms });
    expect(view.request).not.toHaveProperty("realm");

    const [stored] = await db.select().from(exports).where(eq(exports.id, view.id));
    expect(stored?.realms).toEqual(view.realms);
    const again = await callId(routes.getExport, view.id, token);
    expect(exportSchema.parse(await again.json())).toMatchObject({ realms: view.realms, realmLabel: view.realmLabel, request: view.request });

    // The same realms in the other order are another archive, not this export handed back.
    const reversed = await postExport(routes, token, body({ realms: [...realms].reverse() }));
    expect(exportCreatedSchema.parse(await reversed.json())).toMatchObject({ reused: false, realm: "jobs" });
    // Sent again as the view says, it is this export (still pending), handed back.
    const twin = await postExport(routes, token, view.request);
    expect(exportCreatedSchema.parse(await twin.json())).toMatchObject({ id: view.id, reused: true });
  });

  it("resubmits with the same realms", async () => {
    const res = await postExport(routes, token, body({ realms: [{ realm: "jobs" }, { realm: "events" }], from: "2024-02-01", to: "2024-02-29" }));
    const first = exportCreatedSchema.parse(await res.json());
    await db.update(exports).set({ status: "failed", error: "test" }).where(eq(exports.id, first.id));
    const again = await callId(routes.resubmit, first.id, token, `/api/v1/exports/${first.id}/resubmit`, "POST");
    expect(again.status).toBe(202);
    const view = exportCreatedSchema.parse(await again.json());
    expect(view.resubmittedFrom).toBe(first.id);
    expect(view.realms.map((r) => r.realm)).toEqual(["jobs", "events"]);
    expect(view.realms).toEqual(first.realms);
  });

  it("keeps the one-realm request as it was: realm, fields and filters, shown as one realm", async () => {
    const res = await postExport(routes, token, body({ realm: "jobs", fields: ["job_id"], from: "2024-03-01", to: "2024-03-31" }));
    expect(res.status).toBe(202);
    const view = exportCreatedSchema.parse(await res.json());
    expect(view).toMatchObject({ realm: "jobs", realmLabel: "Compute jobs", realms: [{ realm: "jobs", fields: ["job_id"], filters: [] }] });
    expect(view.request).toMatchObject({ realm: "jobs", fields: ["job_id"], filters: [] });
    expect(view.request).not.toHaveProperty("realms");
  });
});

describe("a finished export of several realms", () => {
  const realms = (second: string) => [
    { realm: "jobs", fields: ["job_id"], filters: [] },
    { realm: second, fields: ["id"], filters: [] },
  ];

  it("shows its rows per realm and may be downloaded by someone who may have every realm", async () => {
    const id = await insertExport(routes, org, analystId, { realm: "jobs", fields: ["job_id"], realms: realms("events"), rowsByRealm: { jobs: 7, events: 3 } });
    const view = exportSchema.parse(await (await callId(routes.getExport, id, token)).json());
    expect(view.rowsByRealm).toEqual([
      { realm: "jobs", realmLabel: "Compute jobs", rows: 7 },
      { realm: "events", realmLabel: "Analytics events", rows: 3 },
    ]);
    expect(view.can.download).toBe(true);
    expect((await callId(routes.download, id, token, `/api/v1/exports/${id}/download`)).status).toBe(200);
  });

  it("is no one's to download who may not have one of its realms, whichever place that realm has", async () => {
    // The analyst's role lost lab results since (or the row was made by someone else): the archive holds them all the same.
    const id = await insertExport(routes, org, analystId, { realm: "jobs", fields: ["job_id"], realms: realms("lab-results"), status: "failed" });
    const view = exportSchema.parse(await (await callId(routes.getExport, id, token)).json());
    expect(view.can.resubmit).toBe(false);
    const done = await insertExport(routes, org, analystId, { realm: "jobs", fields: ["job_id"], realms: realms("lab-results") });
    expect(exportSchema.parse(await (await callId(routes.getExport, done, token)).json())).toMatchObject({ downloadUrl: null, can: { download: false } });
    expect((await callId(routes.download, done, token, `/api/v1/exports/${done}/download`)).status).toBe(404);
  });
});

describe("a request of several realms is refused, with nothing written, when", () => {
  const forbiddenAlone = async () => {
    const res = await postExport(routes, token, body({ realm: "lab-results" }));
    return problemSchema.parse(await res.json());
  };

  const cases: [string, Record<string, unknown>, RegExp][] = [
    ["it also names a realm", { realm: "jobs", realms: [{ realm: "events" }] }, /^Send either realm .* or realms .*, not both/],
    ["it also has top-level filters", { realms: [{ realm: "events" }], filters: [] }, /not both\. Move the top-level fields and filters into the realm/],
    ["it also has top-level fields", { realms: [{ realm: "events" }], fields: ["job_id"] }, /not both/],
    ["the list is empty", { realms: [] }, /^Choose at least one realm\.$/],
    [
      "a realm is there twice",
      { realms: [{ realm: "jobs" }, { realm: "jobs", fields: ["job_id"] }] },
      /^Each realm can be chosen once: Compute jobs is in the list twice\. Remove one\.$/,
    ],
    ["a realm is unknown", { realms: [{ realm: "jobs" }, { realm: "nope" }] }, /^Realm 2: choose a realm from the list: jobs, events, lab-results\.$/],
    ["there are more than ten", { realms: Array.from({ length: 11 }, () => ({ realm: "jobs" })) }, /^Choose at most 10 realms in one export\.$/],
    [
      "a realm's field is not its own",
      { realms: [{ realm: "jobs" }, { realm: "events", fields: ["job_id"] }] },
      /^The Analytics events realm has no field "job_id"\. Choose fields/,
    ],
    [
      "a realm's filter is on another realm's field",
      { realms: [{ realm: "events" }, { realm: "jobs", filters: [{ field: "event_type", op: "eq", value: "x" }] }] },
      /^Compute jobs, filter 1: "event_type" is not a field of the Compute jobs realm\.$/,
    ],
    [
      "a realm's filter value has the wrong type",
      { realms: [{ realm: "events" }, { realm: "jobs", filters: [{ field: "nodes", op: "eq", value: "many" }] }] },
      /^Compute jobs, filter 1 \(nodes\): .*whole number/i,
    ],
    [
      "a realm's fields are not names",
      { realms: [{ realm: "jobs" }, { realm: "events", fields: [7] }] },
      /^Realm 2 \(events\), field 1: choose fields of the realm by name\.$/,
    ],
    [
      "a realm has a key the portal does not know",
      { realms: [{ realm: "jobs", colour: "red" }] },
      /^Realm 1 \(jobs\): this realm has a field the portal does not know: "colour"/,
    ],
    ["a realm is not an object", { realms: ["jobs"] }, /^Realm 1: write each realm as an object, e.g\. \{"realm": "jobs"\}\.$/],
  ];

  it.each(cases)("%s", async (_name, change, message) => {
    const before = await exportCount();
    const res = await postExport(routes, token, body(change));
    const problem = problemSchema.parse(await res.json());
    expect(res.status, problem.detail).toBe(422);
    expect(problem.detail).toMatch(message);
    expect(Object.keys(problem.errors ?? {})).toEqual(["realms"]);
    // Never a path a person cannot read.
    expect(problem.detail).not.toMatch(/realms\[|\[\d+\]|\.fields|\.filters|Invalid input/);
    expect(await exportCount()).toBe(before);
  });

  it("one of the realms is one the person may not export, in the same words as that realm alone", async () => {
    const alone = await forbiddenAlone();
    expect(alone.detail).toBe("Your role may not export the Lab results realm. Choose another realm, or ask an admin for access.");
    const before = await exportCount();
    for (const realms of [
      [{ realm: "jobs" }, { realm: "lab-results" }],
      [{ realm: "lab-results" }, { realm: "events" }],
    ]) {
      const res = await postExport(routes, token, body({ realms }));
      const problem = problemSchema.parse(await res.json());
      expect(res.status).toBe(alone.status);
      expect(problem.code).toBe(alone.code);
      expect(problem.detail).toBe(alone.detail);
    }
    expect(await exportCount()).toBe(before);
  });

  it("no realm is named at all, in the words it always had", async () => {
    const res = await postExport(routes, token, body());
    const problem = problemSchema.parse(await res.json());
    expect(res.status).toBe(422);
    expect(problem.errors).toEqual({ realm: "Choose a realm." });
  });
});

import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { callRoute, expectForPeople } from "@/test/api-calls";
import { BAD_DATES, BAD_IDS, BAD_RAW_BODIES, BAD_STRINGS, BAD_VALUES, pick, seededRandom } from "@/test/hostile-inputs";
import { seedWorld, writtenRows } from "@/test/seed-apis";

/*
 * A hundred bad bodies for POST /api/analytics-export-job against the real route and database: each is a
 * 4xx in the job API's own JSON, with a message a person can act on, and none writes an export or an
 * audit event. Only the cookie session is a stand-in (nobody is signed in; the requests carry a token).
 */
vi.mock("@/app/_lib/session", () => ({ currentUser: async () => null }));
vi.mock("@/auth", () => ({ auth: async () => null }));

const { world } = seedWorld("seedjobfuzz");
const SEED = Number(process.env.FUZZ_SEED ?? 20261202);
const random = seededRandom(SEED);
let before: { exports: number; audit: number };

beforeAll(async () => {
  before = await writtenRows(world());
});

afterAll(async () => {
  expect(await writtenRows(world())).toEqual(before);
});

/** The bodies, built from the shared hostile values: at least a hundred, each wrong in one way or more. */
function badBodies(tenantId: string, foreignTenantId: string): { label: string; body: unknown }[] {
  const ok = { tenantId, dataDateFrom: "2024-03-01", dataDateTo: "2024-03-31" };
  const out: { label: string; body: unknown }[] = [];
  for (const raw of BAD_RAW_BODIES) out.push({ label: "raw", body: raw });
  for (const v of BAD_VALUES) out.push({ label: "whole body", body: v });
  for (const id of [...BAD_IDS, ...pick(random, BAD_STRINGS, 10)]) out.push({ label: "tenantId", body: { ...ok, tenantId: id } });
  for (const v of pick(random, BAD_VALUES, 8)) out.push({ label: "tenantId value", body: { ...ok, tenantId: v } });
  for (const d of BAD_DATES) out.push({ label: "dataDateFrom", body: { ...ok, dataDateFrom: d } });
  for (const d of pick(random, BAD_DATES, 10)) out.push({ label: "dataDateTo", body: { ...ok, dataDateTo: d } });
  for (const v of pick(random, BAD_VALUES, 8)) out.push({ label: "dataDateTo value", body: { ...ok, dataDateTo: v } });
  for (const key of ["tenantId", "dataDateFrom", "dataDateTo"] as const) {
    const { [key]: _left, ...rest } = ok;
    out.push({ label: `without ${key}`, body: rest });
  }
  out.push({ label: "reversed", body: { ...ok, dataDateFrom: "2024-03-31", dataDateTo: "2024-03-01" } });
  out.push({ label: "extra key", body: { ...ok, realm: "jobs" } });
  out.push({ label: "extra keys", body: { ...ok, format: "csv", scope: { type: "organization" }, __proto__: { admin: true } } });
  out.push({ label: "foreign tenant", body: { ...ok, tenantId: foreignTenantId } });
  out.push({ label: "unknown tenant", body: { ...ok, tenantId: randomUUID() } });
  out.push({ label: "snake case", body: { tenant_id: tenantId, data_date_from: "2024-03-01", data_date_to: "2024-03-31" } });
  out.push({ label: "dates as numbers", body: { ...ok, dataDateFrom: 20240301, dataDateTo: 20240331 } });
  out.push({ label: "dates as a list", body: { ...ok, dataDateFrom: ["2024-03-01"] } });
  return out;
}

describe("POST /api/analytics-export-job with bad bodies", () => {
  it(`refuses each in words and writes nothing (seed ${SEED})`, async () => {
    const w = world();
    const bodies = badBodies(w.org.tenantIds[0], w.foreign.tenantIds[0]);
    expect(bodies.length).toBeGreaterThanOrEqual(100);
    for (const { label, body } of bodies) {
      const answer = await callRoute(w.routes.postJob, { method: "POST", path: "/api/analytics-export-job", body, token: w.token });
      const context = `${label}: ${JSON.stringify(body)?.slice(0, 120)} → ${answer.text.slice(0, 300)}`;
      expect(answer.status, context).toBeGreaterThanOrEqual(400);
      expect(answer.status, context).toBeLessThan(500);
      expect(answer.contentType, context).toContain("application/json");
      const refusal = JSON.parse(answer.text) as { statusCode: number; error: string; message: string; fields?: Record<string, string> };
      expect(refusal.statusCode, context).toBe(answer.status);
      expect(refusal.error, context).toMatch(/^[a-z_]+$/);
      expectForPeople(refusal.message, context);
      for (const [key, message] of Object.entries(refusal.fields ?? {})) {
        expect(["request", "tenantId", "dataDateFrom", "dataDateTo"], context).toContain(key);
        expectForPeople(message, `${context} fields.${key}`);
      }
    }
  });
});

import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { produceArchive } from "../archive/produce";
import { estimateRows } from "./estimate";
import { previewRows } from "./preview";
import { newScope, outDir, request, testSql, unzip } from "../../../test/exports/support";
import type { ExportRequest } from "../types";

const sql = testSql();
const org = newScope();
const otherTenant = randomUUID();
const otherProject = randomUUID();
const otherApp = randomUUID();

// Amsterdam is UTC+1 in winter, UTC+2 from 2025-03-30 02:00 local.
const rows: [string, string, string, string, string][] = [
  ["before-start", "2025-03-28T22:59:59Z", org.tenantId, org.projectId, org.appId], // 23:59:59 local on the 28th
  ["at-start", "2025-03-28T23:00:00Z", org.tenantId, org.projectId, org.appId], // 00:00:00 local on the 29th
  ["at-end", "2025-03-30T21:59:59Z", org.tenantId, org.projectId, org.appId], // 23:59:59 local on the 30th (summer time)
  ["after-end", "2025-03-30T22:00:00Z", org.tenantId, org.projectId, org.appId], // 00:00:00 local on the 31st
  ["other-project", "2025-03-29T12:00:00Z", org.tenantId, otherProject, otherApp],
  ["other-tenant", "2025-03-29T12:00:00Z", otherTenant, org.projectId, org.appId],
];

beforeAll(async () => {
  for (const [jobId, at, tenant, project, app] of rows) {
    await sql`insert into warehouse.jobs (organization_id, tenant_id, project_id, app_id, job_id, user_name, queue, submitted_at, nodes, cores, exit_state)
      values (${org.organizationId}, ${tenant}, ${project}, ${app}, ${jobId}, 'u', 'q', ${at}, 1, 1, 'completed')`;
  }
  // Same tenant id under another organization must never leak in.
  await sql`insert into warehouse.jobs (organization_id, tenant_id, project_id, app_id, job_id, user_name, queue, submitted_at, nodes, cores, exit_state)
    values (${randomUUID()}, ${org.tenantId}, ${org.projectId}, ${org.appId}, 'other-org', 'u', 'q', '2025-03-29T12:00:00Z', 1, 1, 'completed')`;
});
afterAll(() => sql.end());

async function jobIds(over: Partial<ExportRequest>): Promise<string[]> {
  const req = request(org, { dateFrom: "2025-03-29", dateTo: "2025-03-30", fields: ["job_id", "submitted_at"], format: "ndjson", ...over });
  const res = await produceArchive(sql, req, { outDir: outDir("scope"), baseName: "scope" });
  const text = (await unzip(res.path)).get("scope.ndjson")?.toString() ?? "";
  const ids = text
    .split("\n")
    .filter(Boolean)
    .map((l) => (JSON.parse(l) as { job_id: string }).job_id)
    .sort();
  expect((await estimateRows(sql, req)).rows).toBe(ids.length);
  expect((await previewRows(sql, req, 100)).map((r) => r.job_id).sort()).toEqual(ids);
  return ids;
}

describe("scope and date range", () => {
  it("includes records exactly on the first and last local day, excludes one second outside", async () => {
    expect(await jobIds({ filters: [{ field: "project_id", op: "eq", value: org.projectId }] })).toEqual(["at-end", "at-start"]);
  });

  it("tenant scope stays inside the tenant and organization", async () => {
    expect(await jobIds({})).toEqual(["at-end", "at-start", "other-project"]);
  });

  it("project and app scopes", async () => {
    expect(await jobIds({ scope: { type: "project", projectId: otherProject } })).toEqual(["other-project"]);
    expect(await jobIds({ scope: { type: "apps", appIds: [org.appId] } })).toEqual(["at-end", "at-start"]);
    expect(await jobIds({ scope: { type: "apps", projectId: org.projectId, appIds: [otherApp] } })).toEqual([]);
  });

  it("organization scope spans tenants but not organizations", async () => {
    expect(await jobIds({ scope: { type: "organization" } })).toEqual(["at-end", "at-start", "other-project", "other-tenant"]);
  });

  it("filters: range on timestamps in the request zone, in-lists, numbers", async () => {
    expect(await jobIds({ filters: [{ field: "submitted_at", op: "range", min: "2025-03-30T00:00", max: "2025-03-30T23:59:59" }] })).toEqual(["at-end"]);
    expect(await jobIds({ filters: [{ field: "job_id", op: "in", values: ["at-start", "nope"] }] })).toEqual(["at-start"]);
    expect(await jobIds({ filters: [{ field: "nodes", op: "range", min: 2 }] })).toEqual([]);
  });

  it("prints timestamps with the zone's offset on both sides of the change", async () => {
    const req = request(org, {
      dateFrom: "2025-03-29",
      dateTo: "2025-03-30",
      fields: ["job_id", "submitted_at"],
      scope: { type: "apps", appIds: [org.appId] },
    });
    const preview = await previewRows(sql, req, 10);
    const at = Object.fromEntries(preview.map((r) => [r.job_id, r.submitted_at]));
    expect(at).toEqual({ "at-start": "2025-03-29T00:00:00+01:00", "at-end": "2025-03-30T23:59:59+02:00" });
  });
});

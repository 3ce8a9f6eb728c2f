import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEvents, exports } from "@/db/schema";
import { seedWarehouse } from "@/scripts/seed/warehouse";
import { addMember, createOrg, createUser, testDb, type TestOrg } from "@/test/factories";
import { cancelExport, createExport, deleteExport, listTenantExports, resubmitExport, type ExportDeps, type ExportEvents } from "./service";

const { db, sql } = testDb();

/** Records what the service hands to the job engine; the engine itself is tested through real runs elsewhere. */
function recordingEvents() {
  const sent: { name: string; data: Record<string, string> }[] = [];
  const events: ExportEvents = {
    async requested(data) {
      sent.push({ name: "export/requested", data });
    },
    async cancelled(data) {
      sent.push({ name: "export/cancelled", data });
    },
  };
  return { sent, events };
}

let org: TestOrg;
let foreign: TestOrg;
let analyst: { id: string };
let viewer: { id: string };
let admin: { id: string };
const deleted: string[] = [];
const rec = recordingEvents();
const deps: ExportDeps = {
  db,
  warehouse: sql,
  events: rec.events,
  deleteFile: async (key) => void deleted.push(key),
  fileExists: async (key) => !deleted.includes(key),
};
const actor = (userId: string) => ({ userId, context: { ip: "203.0.113.7", userAgent: "vitest" } });
const valid = () => ({
  tenantId: org.tenantIds[0],
  scope: { type: "tenant" },
  realm: "jobs",
  from: "2024-03-01",
  to: "2024-03-31",
  timezone: "Europe/Amsterdam",
  format: "csv",
});

beforeAll(async () => {
  org = await createOrg(db, "Service");
  foreign = await createOrg(db, "Elsewhere");
  analyst = await createUser(db, "analyst");
  viewer = await createUser(db, "viewer");
  admin = await createUser(db, "admin");
  await addMember(db, org, analyst.id, "analyst", org.tenantIds[0]);
  await addMember(db, org, viewer.id, "viewer");
  await addMember(db, org, admin.id, "admin");
  await seedWarehouse(sql, {
    apps: [{ organizationId: org.organizationId, tenantId: org.tenantIds[0], projectId: org.projectIds[0], appId: org.appIds[0] }],
    rowsPerRealm: 3_000,
  });
});

const countExports = async (organizationId: string) =>
  (await db.select({ id: exports.id }).from(exports).where(eq(exports.organizationId, organizationId))).length;

describe("createExport", () => {
  it("queues a valid request: pending row with its estimate, an audit event and the export/requested event", async () => {
    const row = await createExport(deps, actor(analyst.id), org.organizationId, valid());
    expect(row).toMatchObject({ status: "pending", realm: "jobs", format: "csv", scopeLabel: "Tenant Tenant 1", dateFrom: "2024-03-01", dateTo: "2024-03-31" });
    expect(row.fields).toContain("job_id");
    expect(row.rowsEstimate).toBeGreaterThan(0);
    const audit = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.exportId, row.id), eq(auditEvents.action, "export.requested")));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorUserId: analyst.id, ipAddress: "203.0.113.7", userAgent: "vitest" });
    expect(rec.sent).toContainEqual({
      name: "export/requested",
      data: { exportId: row.id, organizationId: org.organizationId, tenantId: org.tenantIds[0], requestedBy: analyst.id },
    });
  });

  const refusals: [string, Record<string, unknown>, string, RegExp][] = [
    ["an unknown realm", { realm: "payroll" }, "realm", /^Choose a realm from the list: jobs, events, lab-results\.$/],
    ["a realm the role may not export", { realm: "lab-results" }, "realm", /may not export the Lab results realm/],
    ["a field not in the catalog", { fields: ["job_id", "password"] }, "fields", /Compute jobs realm has no field "password"/],
    ["SQL in a field name", { fields: ['job_id"; drop table exports; --'] }, "fields", /has no field "job_id"; drop table/],
    [
      "a filter on an unknown field",
      { filters: [{ field: "salary", op: "eq", value: 1 }] },
      "filters",
      /^Filter 1: "salary" is not a field of the Compute jobs realm/,
    ],
    ["an end before the start", { from: "2024-03-10", to: "2024-03-01" }, "to", /on or after the start date/],
    ["an impossible date", { from: "2024-02-30" }, "from", /2024-02-30 is not a day on the calendar/],
    ["a date in the future", { to: "2999-01-01" }, "to", /cannot be in the future/],
    ["a range over the organization's maximum", { from: "2024-01-01", to: "2025-06-30" }, "to", /at most 366 days/],
    ["an unknown timezone", { timezone: "Mars/Olympus" }, "timezone", /"Mars\/Olympus" is not a timezone the portal knows/],
    ["an unknown format", { format: "pdf" }, "format", /Choose a format/],
    ["a project of another tenant", { scope: { type: "project", projectId: "PROJECT_OF_TENANT_2" } }, "scope.projectId", /not in this tenant/],
    ["apps of another organization", { scope: { type: "apps", appIds: ["FOREIGN_APP"] } }, "scope.appIds", /not in this tenant/],
    ["the whole organization without an organization-level role", { scope: { type: "organization" } }, "scope", /organization-level role/],
  ];
  for (const [what, change, field, message] of refusals) {
    it(`refuses ${what}, naming ${field}, and creates nothing`, async () => {
      const before = await countExports(org.organizationId);
      const body = JSON.parse(
        JSON.stringify({ ...valid(), ...change })
          .replace("PROJECT_OF_TENANT_2", org.projectIds[1])
          .replace("FOREIGN_APP", foreign.appIds[0]),
      );
      const error = await createExport(deps, actor(analyst.id), org.organizationId, body).catch((e) => e);
      expect(error.code).toBe("invalid");
      expect(error.fieldErrors[field]).toMatch(message);
      expect(await countExports(org.organizationId)).toBe(before);
    });
  }

  it("refuses a viewer (forbidden) and an outsider (not found) and creates nothing", async () => {
    const before = await countExports(org.organizationId);
    await expect(createExport(deps, actor(viewer.id), org.organizationId, valid())).rejects.toMatchObject({ code: "forbidden" });
    const outsider = await createUser(db, "outsider");
    await expect(createExport(deps, actor(outsider.id), org.organizationId, valid())).rejects.toMatchObject({ code: "not_found" });
    await expect(createExport(deps, actor(analyst.id), foreign.organizationId, { ...valid(), tenantId: foreign.tenantIds[0] })).rejects.toMatchObject({
      code: "not_found",
    });
    expect(await countExports(org.organizationId)).toBe(before);
  });

  it("refuses a request over the organization's row limit", async () => {
    await sql`update organization_settings set max_rows_per_export = 10 where organization_id = ${org.organizationId}`;
    try {
      const error = await createExport(deps, actor(admin.id), org.organizationId, { ...valid(), from: "2024-01-01", to: "2024-12-31" }).catch((e) => e);
      expect(error.code).toBe("limit_exceeded");
      expect(error.fieldErrors.rows).toMatch(/more than the 10 your organization allows/);
    } finally {
      await sql`update organization_settings set max_rows_per_export = 50000000 where organization_id = ${org.organizationId}`;
    }
  });
});

it("refuses parts by rows that would make more than 10,000 files, judged from the estimate, and creates nothing", async () => {
  // The warehouse here holds thousands of rows, not the tens of millions this takes; the planner's estimate stands in.
  const big: ExportDeps = { ...deps, estimate: async () => ({ rows: 20_000_000, exact: false }) };
  const before = await countExports(org.organizationId);
  const error = await createExport(big, actor(admin.id), org.organizationId, { ...valid(), parts: { maxRows: 1_000 } }).catch((e) => e);
  expect(error.code).toBe("invalid");
  expect(error.fieldErrors.parts).toBe(
    "About 20,000,000 rows at 1,000 rows per part would make 20,000 files, more than the 10,000 one export may hold. Raise the rows per part, or narrow the date range or scope.",
  );
  expect(await countExports(org.organizationId)).toBe(before);
  const fine = await createExport(big, actor(admin.id), org.organizationId, { ...valid(), parts: { maxRows: 2_000 } });
  expect(fine.parts).toEqual({ maxRows: 2_000 });
});

describe("cancel, delete, resubmit and list", () => {
  it("cancels a pending export once and sends export/cancelled", async () => {
    const row = await createExport(deps, actor(analyst.id), org.organizationId, valid());
    const q = { organizationId: org.organizationId, tenantId: org.tenantIds[0], id: row.id };
    const cancelled = await cancelExport(deps, actor(analyst.id), q);
    expect(cancelled.status).toBe("cancelled");
    expect(rec.sent.filter((e) => e.name === "export/cancelled" && e.data.exportId === row.id)).toHaveLength(1);
    await expect(cancelExport(deps, actor(analyst.id), q)).rejects.toMatchObject({ code: "conflict" });

    const again = await resubmitExport(deps, actor(analyst.id), q);
    expect(again).toMatchObject({
      status: "pending",
      resubmittedFrom: row.id,
      realm: row.realm,
      dateFrom: row.dateFrom,
      dateTo: row.dateTo,
      format: row.format,
    });
    expect(again.fields).toEqual(row.fields);
  });

  it("resubmits a done export whose expiry has passed before the expiry cron marks it; not one still kept", async () => {
    const row = await createExport(deps, actor(analyst.id), org.organizationId, valid());
    const q = { organizationId: org.organizationId, tenantId: org.tenantIds[0], id: row.id };
    await sql`update exports set status = 'done', completed_at = now(), expires_at = now() + interval '1 day', storage_key = ${`${org.organizationId}/${row.id}.zip`} where id = ${row.id}`;
    await expect(resubmitExport(deps, actor(analyst.id), q)).rejects.toMatchObject({ code: "conflict" });
    await sql`update exports set expires_at = now() - interval '1 minute' where id = ${row.id}`;
    expect(await resubmitExport(deps, actor(analyst.id), q)).toMatchObject({ status: "pending", resubmittedFrom: row.id });
  });

  it("resubmits a done export whose file is gone from storage; not one whose file is there", async () => {
    const row = await createExport(deps, actor(analyst.id), org.organizationId, valid());
    const q = { organizationId: org.organizationId, tenantId: org.tenantIds[0], id: row.id };
    const key = `${org.organizationId}/${row.id}.zip`;
    await sql`update exports set status = 'done', completed_at = now(), expires_at = now() + interval '1 day', storage_key = ${key} where id = ${row.id}`;
    await expect(resubmitExport(deps, actor(analyst.id), q)).rejects.toMatchObject({ code: "conflict" });
    deleted.push(key);
    expect(await resubmitExport(deps, actor(analyst.id), q)).toMatchObject({ status: "pending", resubmittedFrom: row.id });
  });

  it("lets only the requester or a manager change an export; a foreign id is not found", async () => {
    const row = await createExport(deps, actor(admin.id), org.organizationId, valid());
    const q = { organizationId: org.organizationId, tenantId: org.tenantIds[0], id: row.id };
    await expect(cancelExport(deps, actor(analyst.id), q)).rejects.toMatchObject({ code: "forbidden" });
    await expect(cancelExport(deps, actor(analyst.id), { ...q, id: randomUUID() })).rejects.toMatchObject({ code: "not_found" });
    await expect(cancelExport(deps, actor(analyst.id), { ...q, tenantId: org.tenantIds[1] })).rejects.toMatchObject({ code: "not_found" });
    await deleteExport(deps, actor(admin.id), q);
    const list = await listTenantExports(deps, actor(admin.id), { organizationId: org.organizationId, tenantId: org.tenantIds[0], limit: 100 });
    expect(list.items.map((i) => i.id)).not.toContain(row.id);
  });

  it("pages newest first with a keyset cursor, filters to my exports, and numbers the queue", async () => {
    const mine = await listTenantExports(deps, actor(analyst.id), { organizationId: org.organizationId, tenantId: org.tenantIds[0], onlyMine: true, limit: 2 });
    expect(mine.items.every((i) => i.requestedBy === analyst.id)).toBe(true);
    const all: string[] = [];
    let cursor = null;
    do {
      const page: Awaited<ReturnType<typeof listTenantExports>> = await listTenantExports(deps, actor(analyst.id), {
        organizationId: org.organizationId,
        tenantId: org.tenantIds[0],
        cursor,
        limit: 2,
      });
      all.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(new Set(all).size).toBe(all.length);
    const full = await listTenantExports(deps, actor(analyst.id), { organizationId: org.organizationId, tenantId: org.tenantIds[0], limit: 100 });
    expect(full.items.map((i) => i.id)).toEqual(all);
    const pending = full.items.filter((i) => i.status === "pending").reverse();
    expect(pending.length).toBeGreaterThan(0);
    expect(pending.map((p) => p.queuePosition)).toEqual(pending.map((_, i) => i + 1));
  });
});

describe("paging through exports created in the same instant", () => {
  it("loses no row when many exports share one created_at down to the microsecond", async () => {
    const t = await createOrg(db, "Same instant");
    const user = await createUser(db, "pager");
    await addMember(db, t, user.id, "analyst", t.tenantIds[0]);
    await sql`insert into exports (organization_id, tenant_id, requested_by, scope, scope_label, realm, fields, date_from, date_to, timezone, format, created_at)
      select ${t.organizationId}, ${t.tenantIds[0]}, ${user.id}, '{"type":"tenant"}', 'Tenant 1', 'jobs', array['job_id'], '2024-01-01', '2024-01-02', 'UTC', 'csv',
        '2025-05-05T10:00:00.123456Z'::timestamptz
      from generate_series(1, 9)`;
    const seen: string[] = [];
    let cursor = null;
    do {
      const page: Awaited<ReturnType<typeof listTenantExports>> = await listTenantExports(deps, actor(user.id), {
        organizationId: t.organizationId,
        tenantId: t.tenantIds[0],
        cursor,
        limit: 2,
      });
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(9);
    expect(new Set(seen).size).toBe(9);
  });
});

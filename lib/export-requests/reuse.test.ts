import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { exports } from "@/db/schema";
import { seedWarehouse } from "@/scripts/seed/warehouse";
import { getRealm } from "@/lib/realms/catalog";
import { addMember, createOrg, createUser, testDb, type TestOrg } from "@/test/factories";
import { cancelExport, createExport, type ExportDeps } from "./service";

/* An identical request while the first is pending or running hands back that export instead of a second one. */

const { db, sql } = testDb();
const requested: string[] = [];
const deps: ExportDeps = {
  db,
  warehouse: sql,
  events: { requested: async (d) => void requested.push(d.exportId), cancelled: async () => {} },
  deleteFile: async () => {},
  fileExists: async () => true,
};
const actor = (userId: string) => ({ userId, context: { ip: null, userAgent: null } });
let org: TestOrg;
let analyst: { id: string };
let colleague: { id: string };

beforeAll(async () => {
  org = await createOrg(db, "Reuse");
  analyst = await createUser(db, "analyst");
  colleague = await createUser(db, "colleague");
  await addMember(db, org, analyst.id, "admin");
  await addMember(db, org, colleague.id, "admin");
  // Every export here stays pending; the per-user limit is not what these tests are about.
  await sql`update organization_settings set max_active_exports_per_user = 1000 where organization_id = ${org.organizationId}`;
  await seedWarehouse(sql, {
    apps: [{ organizationId: org.organizationId, tenantId: org.tenantIds[0], projectId: org.projectIds[0], appId: org.appIds[0] }],
    rowsPerRealm: 500,
  });
});

let day = 0;
/** A request with dates of its own, so tests do not reuse each other's exports. */
function fresh() {
  day++;
  return {
    tenantId: org.tenantIds[0],
    scope: { type: "apps", appIds: [org.appIds[0], org.appIds[1]] },
    realm: "jobs",
    from: "2024-01-01",
    to: `2024-0${1 + Math.floor(day / 28)}-${String(1 + (day % 28)).padStart(2, "0")}`,
    format: "csv",
  };
}
const countRows = async () => (await db.select({ id: exports.id }).from(exports).where(eq(exports.organizationId, org.organizationId))).length;

describe("identical requests", () => {
  it("sequential: the second returns the first, reused, and sends nothing to the engine", async () => {
    const body = fresh();
    const first = await createExport(deps, actor(analyst.id), org.organizationId, body);
    const before = await countRows();
    const sent = requested.length;
    const second = await createExport(deps, actor(analyst.id), org.organizationId, { ...body });
    expect(first.reused).toBe(false);
    expect(second).toMatchObject({ id: first.id, reused: true, status: "pending" });
    expect(await countRows()).toBe(before);
    expect(requested.length).toBe(sent);
  });

  it("normalises: omitted fields, options and timezone equal their defaults; apps are a set; key order does not matter", async () => {
    const body = fresh();
    const first = await createExport(deps, actor(analyst.id), org.organizationId, body);
    const allFields = getRealm("jobs")?.fields.map((f) => f.name) ?? [];
    const spelledOut = {
      format: "csv",
      options: { formulaGuard: true, csvBom: false },
      timezone: "UTC",
      filters: [],
      fields: allFields,
      to: body.to,
      from: body.from,
      realm: "jobs",
      scope: { appIds: [org.appIds[1], org.appIds[0]], type: "apps" },
      tenantId: body.tenantId,
    };
    const second = await createExport(deps, actor(analyst.id), org.organizationId, spelledOut);
    expect(second).toMatchObject({ id: first.id, reused: true });
    // No parts, spelled out as null, is the same one-file request.
    expect(await createExport(deps, actor(analyst.id), org.organizationId, { ...body, parts: null })).toMatchObject({ id: first.id, reused: true });
  });

  it("anything that changes the archive, or another requester, makes a new export", async () => {
    const body = fresh();
    const first = await createExport(deps, actor(analyst.id), org.organizationId, body);
    const variants: Record<string, unknown>[] = [
      { format: "ndjson" },
      { timezone: "Europe/Amsterdam" },
      { from: "2024-01-02" },
      { fields: ["job_id", "queue"] },
      { fields: ["queue", "job_id"] },
      { options: { csvBom: true, formulaGuard: true } },
      { filters: [{ field: "queue", op: "eq", value: "normal" }] },
      { scope: { type: "apps", appIds: [org.appIds[0]] } },
      { scope: { type: "tenant" } },
      { parts: { maxRows: 1_000 } },
      { parts: { maxRows: 2_000 } },
      { parts: { maxMegabytes: 1 } },
      { parts: { maxRows: 1_000, maxMegabytes: 1 } },
    ];
    const ids = new Set([first.id]);
    for (const change of variants) {
      const made = await createExport(deps, actor(analyst.id), org.organizationId, { ...body, ...change });
      expect(made.reused, JSON.stringify(change)).toBe(false);
      ids.add(made.id);
    }
    const theirs = await createExport(deps, actor(colleague.id), org.organizationId, body);
    expect(theirs.reused).toBe(false);
    ids.add(theirs.id);
    expect(ids.size).toBe(variants.length + 2);
  });

  it("once the first is cancelled (or over), the same request makes a new export", async () => {
    const body = fresh();
    const first = await createExport(deps, actor(analyst.id), org.organizationId, body);
    await db.update(exports).set({ status: "running" }).where(eq(exports.id, first.id));
    expect((await createExport(deps, actor(analyst.id), org.organizationId, body)).id).toBe(first.id);
    await cancelExport(deps, actor(analyst.id), { organizationId: org.organizationId, tenantId: org.tenantIds[0], id: first.id });
    const again = await createExport(deps, actor(analyst.id), org.organizationId, body);
    expect(again.reused).toBe(false);
    expect(again.id).not.toBe(first.id);
  });

  it("concurrent: eight simultaneous identical requests make one export", async () => {
    const body = fresh();
    const before = await countRows();
    const made = await Promise.all(Array.from({ length: 8 }, () => createExport(deps, actor(analyst.id), org.organizationId, body)));
    expect(new Set(made.map((m) => m.id)).size).toBe(1);
    expect(made.filter((m) => !m.reused)).toHaveLength(1);
    expect(await countRows()).toBe(before + 1);
  });

  it("hands back the identical export even when the requester is at the limit of active exports", async () => {
    const body = fresh();
    const first = await createExport(deps, actor(analyst.id), org.organizationId, body);
    const [{ n }] = await sql<{ n: number }[]>`select count(*)::int as n from exports where requested_by = ${analyst.id} and status in ('pending', 'running')`;
    await sql`update organization_settings set max_active_exports_per_user = ${n} where organization_id = ${org.organizationId}`;
    try {
      expect(await createExport(deps, actor(analyst.id), org.organizationId, body)).toMatchObject({ id: first.id, reused: true });
      await expect(createExport(deps, actor(analyst.id), org.organizationId, fresh())).rejects.toMatchObject({ code: "limit_exceeded" });
    } finally {
      await sql`update organization_settings set max_active_exports_per_user = 1000 where organization_id = ${org.organizationId}`;
    }
  });

  it("the database refuses a second active export with the same fingerprint, whoever writes it", async () => {
    const first = await createExport(deps, actor(analyst.id), org.organizationId, fresh());
    const [row] = await db.select().from(exports).where(eq(exports.id, first.id));
    if (!row) throw new Error("missing row");
    const { id: _id, ...copy } = row;
    await expect(db.insert(exports).values(copy)).rejects.toThrow();
    await expect(db.insert(exports).values({ ...copy, status: "done" })).resolves.toBeDefined();
  });
});

import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { exports } from "@/db/schema";
import { addMember, createOrg, createUser, testDb, type TestOrg } from "@/test/factories";
import { createExport, listTenantExports, resubmitExport, type ExportDeps } from "./service";
import { toExportView } from "./view";

/* An export's name: the one given, trimmed, or one made from the realm and dates; a resubmit keeps it. */

const { db, sql } = testDb();
let org: TestOrg;
let user: { id: string };
const deps: ExportDeps = {
  db,
  warehouse: sql,
  events: { requested: async () => {}, cancelled: async () => {} },
  deleteFile: async () => {},
  fileExists: async () => false,
};
const actor = () => ({ userId: user.id, context: { ip: null, userAgent: "vitest" } });
const request = (over: Record<string, unknown> = {}) => ({
  tenantId: org.tenantIds[0],
  scope: { type: "tenant" },
  realm: "jobs",
  from: "2024-03-01",
  to: "2024-03-31",
  timezone: "UTC",
  format: "csv",
  ...over,
});

beforeAll(async () => {
  org = await createOrg(db, "Names");
  user = await createUser(db, "names");
  await addMember(db, org, user.id, "admin");
});

describe("export names", () => {
  it("stores the given name, trimmed, and lists it", async () => {
    const row = await createExport(deps, actor(), org.organizationId, request({ name: "  March compute audit  " }));
    expect(row.name).toBe("March compute audit");
    const page = await listTenantExports(deps, actor(), { organizationId: org.organizationId, tenantId: org.tenantIds[0], search: "compute AUDIT" });
    expect(page.items.map((e) => toExportView(e, page.access).name)).toEqual(["March compute audit"]);
  });

  it("makes one from the realm and dates when none is given, open ends in words", async () => {
    const bounded = await createExport(deps, actor(), org.organizationId, request({ format: "json", name: "   " }));
    expect(bounded.name).toBe("Compute jobs · 2024-03-01 to 2024-03-31");
    // Open-ended, within the organization's longest range.
    const from = new Date(Date.now() - 10 * 86_400_000).toISOString().slice(0, 10);
    const open = await createExport(deps, actor(), org.organizationId, request({ format: "parquet", from, to: undefined }));
    expect(open.name).toBe(`Compute jobs · ${from} to now`);
  });

  it("keeps the name through a resubmit", async () => {
    const row = await createExport(deps, actor(), org.organizationId, request({ format: "xlsx", name: "Keep me" }));
    await db.update(exports).set({ status: "failed", completedAt: new Date() }).where(eq(exports.id, row.id));
    const again = await resubmitExport(deps, actor(), { organizationId: org.organizationId, tenantId: org.tenantIds[0], id: row.id });
    expect(again.name).toBe("Keep me");
  });

  it("refuses a name longer than 120 characters in words", async () => {
    await expect(createExport(deps, actor(), org.organizationId, request({ format: "ndjson", name: "x".repeat(121) }))).rejects.toMatchObject({
      fieldErrors: { name: "Keep the name to 120 characters." },
    });
  });
});

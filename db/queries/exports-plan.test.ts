import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { seedExportHistory } from "@/scripts/seed/export-history";
import { addMember, createOrg, createUser, testDb, type TestOrg } from "@/test/factories";
import { listExports, listExportsQuery } from "./exports";

/*
 * The list must read a tenant's newest exports straight off an index, however long its history: a plan
 * that sorts the tenant's rows costs a full scan on every page and every poll of an open Exports tab.
 */

const { db, sql } = testDb();
let org: TestOrg;
let user: { id: string };
const HISTORY = 20_000;

interface PlanNode {
  "Node Type": string;
  "Index Name"?: string;
  "Relation Name"?: string;
  "Plan Rows": number;
  Plans?: PlanNode[];
}
const nodes = (n: PlanNode): PlanNode[] => [n, ...(n.Plans ?? []).flatMap(nodes)];
/** The plan in one line, for a failure's message. */
const shapeOf = (plan: PlanNode[]) => plan.map((n) => `${n["Node Type"]}(${n["Index Name"] ?? n["Relation Name"] ?? ""}, ${n["Plan Rows"]})`).join(" / ");
/** Full scans of the exports table (a scan of a small joined table, users say, costs nothing). */
const exportScans = (plan: PlanNode[]) => plan.filter((n) => n["Node Type"] === "Seq Scan" && n["Relation Name"] === "exports");

async function planOf(q: Parameters<typeof listExportsQuery>[1]): Promise<PlanNode[]> {
  const { sql: text, params } = listExportsQuery(db, q).toSQL();
  const [row] = await sql.unsafe(`explain (format json) ${text}`, params as never[]);
  const plan = (row?.["QUERY PLAN"] as { Plan: PlanNode }[] | undefined)?.[0]?.Plan;
  if (!plan) throw new Error("no plan");
  return nodes(plan);
}

beforeAll(async () => {
  org = await createOrg(db, "History");
  user = await createUser(db, "history");
  await addMember(db, org, user.id, "admin");
  await seedExportHistory(sql, { organizationId: org.organizationId, tenantId: org.tenantIds[0], requestedBy: user.id, count: HISTORY });
});

// Other test files write exports meanwhile; plans are read with statistics as fresh as autovacuum keeps them.
beforeEach(async () => {
  await sql`analyze exports`;
});

describe(`the exports list over ${HISTORY.toLocaleString("en")} exports of one tenant`, () => {
  it("reads the first page and a deep page off exports_tenant_created_idx, with no Sort", async () => {
    const [middle] = await sql<{ createdAt: string; id: string }[]>`
      select to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as "createdAt", id from exports
      where tenant_id = ${org.tenantIds[0]} order by created_at desc, id desc offset ${HISTORY / 2} limit 1`;
    if (!middle) throw new Error("no middle row");
    for (const q of [{ limit: 26 }, { limit: 26, cursor: middle }]) {
      const plan = await planOf({ organizationId: org.organizationId, tenantId: org.tenantIds[0], ...q });
      expect(plan.map((n) => n["Node Type"])).not.toContain("Sort");
      expect(plan.map((n) => n["Index Name"])).toContain("exports_tenant_created_idx");
    }
    const deep = await listExports(db, { organizationId: org.organizationId, tenantId: org.tenantIds[0], limit: 26, cursor: middle });
    expect(deep).toHaveLength(26);
    expect(deep[0]?.createdAtExact < middle.createdAt).toBe(true);
  });

  it("reads 'only mine' off exports_tenant_requester_created_idx, with no Sort", async () => {
    const plan = await planOf({ organizationId: org.organizationId, tenantId: org.tenantIds[0], requestedBy: user.id, limit: 26 });
    expect(plan.map((n) => n["Node Type"])).not.toContain("Sort");
    expect(plan.map((n) => n["Index Name"])).toEqual(expect.arrayContaining([expect.stringMatching(/^exports_tenant_(requester_)?created_idx$/)]));
  });

  it("reads oldest first, a status or a realm off the tenant's date indexes, with no Sort", async () => {
    const cases = [
      { f: { sort: "oldest" as const }, index: /^exports_tenant_created_idx$/ },
      { f: { statuses: ["done" as const, "failed" as const] }, index: /^exports_tenant_created_idx$/ },
      // Every export of this history is of jobs: either date index reads them in order.
      { f: { sort: "oldest" as const, statuses: ["done" as const], realm: "jobs" }, index: /^exports_tenant_(realm_)?created_idx$/ },
      { f: { requesterEmail: "history@example.org", sort: "oldest" as const }, index: /^exports_tenant_(requester_)?created_idx$/ },
    ];
    for (const { f, index } of cases) {
      const plan = await planOf({ organizationId: org.organizationId, tenantId: org.tenantIds[0], limit: 26, ...f });
      expect(
        plan.map((n) => n["Node Type"]),
        JSON.stringify(f),
      ).not.toContain("Sort");
      expect(
        plan.map((n) => n["Index Name"]),
        JSON.stringify(f),
      ).toEqual(expect.arrayContaining([expect.stringMatching(index)]));
    }
  });

  it("finds a status the history has none of by index: at most its few matches are sorted, no table scanned", async () => {
    for (const statuses of [["expired" as const], ["failed" as const, "cancelled" as const]]) {
      const plan = await planOf({ organizationId: org.organizationId, tenantId: org.tenantIds[0], limit: 26, sort: "oldest", statuses });
      expect(exportScans(plan), JSON.stringify(statuses)).toEqual([]);
      // Whatever is sorted is what the index found, not the tenant's history.
      const sorts = plan.filter((n) => n["Node Type"] === "Sort");
      for (const s of sorts) expect(s["Plan Rows"], JSON.stringify(statuses)).toBeLessThan(HISTORY / 100);
    }
  });

  it("reads a realm the history has none of off the realm's index: at most its few matches are sorted, no table scanned", async () => {
    const plan = await planOf({ organizationId: org.organizationId, tenantId: org.tenantIds[0], limit: 26, realm: "events" });
    expect(plan.map((n) => n["Index Name"])).toContain("exports_tenant_realm_created_idx");
    expect(exportScans(plan)).toEqual([]);
  });

  it("finds a name search through the trigram index and orders only its matches, scanning no table", async () => {
    const plan = await planOf({ organizationId: org.organizationId, tenantId: org.tenantIds[0], limit: 26, search: "quarterly" });
    expect(plan.map((n) => n["Index Name"])).toContain("exports_name_trgm_idx");
    expect(exportScans(plan)).toEqual([]);
  });

  it("counts queue positions on exports_org_status_created_idx, scanning no table", async () => {
    const q = { organizationId: org.organizationId, tenantId: org.tenantIds[0], limit: 100 };
    let plan = await planOf(q);
    // Once in a dozen loaded runs, statistics read while other files wrote exports planned this without any index;
    // statistics read again plan it as the table is. A plan that never uses the index fails both times.
    if (!plan.some((n) => n["Index Name"] === "exports_org_status_created_idx")) {
      await sql`analyze exports`;
      plan = await planOf(q);
    }
    expect(
      plan.map((n) => n["Index Name"]),
      shapeOf(plan),
    ).toContain("exports_org_status_created_idx");
    expect(
      plan.map((n) => n["Node Type"]),
      shapeOf(plan),
    ).not.toContain("Seq Scan");
    const page = await listExports(db, { organizationId: org.organizationId, tenantId: org.tenantIds[0], limit: 100 });
    // Every 50th export (a second apart, newest first) is pending; the oldest pending one is first in line.
    const pending = page.filter((e) => e.status === "pending");
    expect(pending.map((e) => e.queuePosition)).toEqual([HISTORY / 50, HISTORY / 50 - 1]);
  });
});

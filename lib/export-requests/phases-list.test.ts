import { describe, expect, it } from "vitest";
import { insertPlan, recordPartitionFailure, startPartition, finishPartition } from "@/db/queries/export-partitions";
import { addMember, createOrg, createUser, insertTestExport, testDb } from "@/test/factories";
import { listTenantExports } from "./service";
import { toExportView, viewOfExport } from "./view";
import { getExportById } from "@/db/queries/exports";

/*
 * The exports list and one export's details say what a running export's run is doing, from its partitions
 * in the database: how many are done, and a partition being retried with its attempt and last error.
 */
const { db } = testDb();
const actor = (userId: string) => ({ userId, context: { ip: null, userAgent: null } });

describe("a running export's phase in the list and its details", () => {
  it("counts its partitions, and names a retried one's attempt and error", async () => {
    const org = await createOrg(db);
    const analyst = await createUser(db, "analyst");
    await addMember(db, org, analyst.id, "analyst");
    const running = await insertTestExport(db, org, analyst.id, { status: "running", startedAt: new Date() });
    const planning = await insertTestExport(db, org, analyst.id, { status: "running", startedAt: new Date(), dateTo: "2024-01-30" });
    const other = await insertTestExport(db, org, analyst.id, { status: "running", startedAt: new Date(), tenant: 1 });
    const plan = (exportId: string) => [1, 2, 3].map((index) => ({ exportId, index, realm: "jobs", rowsEstimate: 100 }));
    await insertPlan(db, [...plan(running), ...plan(other)]);
    await startPartition(db, running, 1);
    await finishPartition(db, running, 1, { rows: 100, bytes: 1000, sha256: "0".repeat(64), storageKey: "k", files: [] });
    await startPartition(db, running, 2);
    await startPartition(db, running, 2);
    await recordPartitionFailure(db, running, 2, "storage unavailable");
    await startPartition(db, other, 1);
    await recordPartitionFailure(db, other, 1, "another tenant's trouble");

    const page = await listTenantExports({ db }, actor(analyst.id), { organizationId: org.organizationId, tenantId: org.tenantIds[0] });
    const view = (id: string) => {
      const item = page.items.find((i) => i.id === id);
      if (!item) throw new Error(`export ${id} is not in the list`);
      return toExportView(item, page.access);
    };
    expect(view(running)).toMatchObject({
      status: "running",
      phase: "retrying",
      partitionCounts: { total: 3, done: 1, running: 0, retrying: 1, waiting: 1 },
      retrying: { attempt: 2, of: 4, lastError: "storage unavailable" },
    });
    expect(view(planning)).toMatchObject({ phase: "planning", partitionCounts: { total: 0 }, retrying: null });
    expect(page.items.map((i) => i.id)).not.toContain(other);

    const row = await getExportById(db, running);
    if (!row) throw new Error("the export vanished");
    const details = await viewOfExport(db, row, page.access);
    expect(details.phase).toBe("retrying");
    expect(details.partitions.map((p) => [p.index, p.status, p.attempts, p.lastError])).toEqual([
      [1, "done", 1, null],
      [2, "retrying", 2, "storage unavailable"],
      [3, "waiting", 0, null],
    ]);
  });
});

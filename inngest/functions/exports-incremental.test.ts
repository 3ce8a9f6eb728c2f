import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createExport } from "@/lib/export-requests/service";
import { startExportEngine, type ExportEngine } from "@/test/export-engine";
import { exportDataDir, orgWithData, requestFor, waitForStatus } from "@/test/export-flow";
import { unzip } from "@/test/exports/support";
import { testDb, type TestOrg } from "@/test/factories";

/*
 * Incremental exports end to end: the service, the real engine and its workers' functions, the real warehouse.
 * Two realms, each planned into several partitions: the second export holds exactly the rows that arrived
 * after the first was planned, and a third with nothing new is done with no rows.
 */
const { db, sql } = testDb();
const { storeDir, storage, runDeps } = exportDataDir("incremental-engine");
const actor = (userId: string) => ({ userId, context: { ip: "127.0.0.1", userAgent: "vitest" } });
let running: ExportEngine | undefined;
let org: TestOrg;
let analyst: { id: string; email: string };

const REALMS = [
  { realm: "jobs", fields: ["job_id"] },
  { realm: "events", fields: ["id"] },
];

beforeAll(async () => {
  running = await startExportEngine("incremental", { retryBaseDelayMs: 200 }, storage, (m) => [
    ...m.createExportFunctions(runDeps, { perOrganization: 2, partitionRows: 100 }),
    m.createSendExportEmail(() => ({ db, appUrl: "https://portal.example" })),
  ]);
  ({ org, analyst } = await orgWithData(1_500));
}, 120_000);

afterAll(async () => {
  await running?.stop();
});

async function exported(change: Record<string, unknown>) {
  const service = running?.service;
  if (!service) throw new Error("the engine did not start");
  const created = await createExport(service, actor(analyst.id), org.organizationId, requestFor(org, { realm: undefined, realms: REALMS, ...change }));
  const done = await waitForStatus(created.id, ["done", "failed"], 120_000);
  expect(done.error).toBeNull();
  const entries = await unzip(path.join(storeDir, done.storageKey ?? "missing"));
  const rows = (prefix: string) =>
    [...entries]
      .filter(([name]) => name.startsWith(prefix) && name.endsWith(".csv"))
      .flatMap(([, bytes]) => bytes.toString("utf8").trim().split(/\r?\n/).slice(1).filter(Boolean));
  return { done, jobs: rows("jobs"), events: rows("events") };
}

describe("incremental exports through the engine", () => {
  it("the next export of a stream holds exactly the rows that arrived since, in every realm and partition", async () => {
    const first = await exported({});
    const [planned] = await sql<{ n: number }[]>`select count(*)::int as n from export_partitions where export_id = ${first.done.id}`;
    expect(planned?.n, "several partitions per realm").toBeGreaterThan(4);
    expect(first.done.checkpointToken).toMatch(/^ckpt_/);

    await sql`insert into warehouse.jobs (organization_id, tenant_id, project_id, app_id, job_id, user_name, queue, submitted_at, nodes, cores, exit_state)
      values (${org.organizationId}, ${org.tenantIds[0]}, ${org.projectIds[0]}, ${org.appIds[0]}, 'engine-new', 'ann', 'batch', '2024-08-08T08:00:00Z', 1, 1, 'completed')`;
    const [event] = await sql<{ id: string }[]>`insert into warehouse.events (organization_id, tenant_id, project_id, app_id, event_time, event_type,
      device_id, session_id, platform) values (${org.organizationId}, ${org.tenantIds[0]}, ${org.projectIds[0]}, ${org.appIds[0]}, '2024-01-02T00:00:00Z',
      'tap', 'd1', 's1', 'web') returning id::text`;
    const second = await exported({ since: first.done.checkpointToken });
    expect(second.jobs).toEqual(["engine-new"]);
    expect(second.events).toEqual([event?.id]);
    expect(second.done.rowCount).toBe(2);
    expect(new Set([...first.jobs, ...second.jobs]).size, "no job twice").toBe(first.jobs.length + 1);

    const third = await exported({ incremental: true });
    expect(third.done).toMatchObject({ status: "done", rowCount: 0, sinceExportId: second.done.id });
  });
});

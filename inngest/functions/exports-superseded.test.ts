import fs from "node:fs";
import { afterAll, beforeAll, expect, it } from "vitest";
import { cancelExport, createExport, type ExportDeps } from "@/lib/export-requests/service";
import { waitFor } from "@portal/inngest-engine/testing";
import { startExportEngine, type ExportEngine } from "@/test/export-engine";
import { testDb } from "@/test/factories";
import { exportRow, filesUnder, orgWithData, requestFor, exportDataDir } from "@/test/export-flow";

/*
 * The real engine gives up on a step call after its own limit (here 2 s, for an export that takes longer)
 * and retries it much later (here at least 45 s). Meanwhile the cut attempt must not go on in the app:
 * it stops as soon as the engine closes the request, gives back its warehouse connection and stores nothing.
 */
const { sql } = testDb();
const { tmpDir, storeDir, storage, runDeps } = exportDataDir("superseded");
let running: ExportEngine | undefined;
let service: ExportDeps;

beforeAll(async () => {
  running = await startExportEngine("superseded", { requestTimeoutMs: 2_000, retryBaseDelayMs: 60_000 }, storage, (m) => [
    ...m.createExportFunctions(runDeps, { perOrganization: 2 }),
  ]);
  service = running.service;
});

afterAll(async () => {
  await running?.stop();
});

async function warehouseSessions(id: string): Promise<number> {
  const [{ n }] = await sql<{ n: number }[]>`select count(*)::int as n from pg_stat_activity where application_name like ${`export ${id}%`}`;
  return n;
}

it("stops an attempt the engine gave up on at once, without waiting for its retry", { timeout: 150_000 }, async () => {
  const { org, analyst } = await orgWithData(150_000);
  const actor = { userId: analyst.id, context: { ip: null, userAgent: null } };
  const row = await createExport(service, actor, org.organizationId, requestFor(org, { format: "xlsx" }));
  await waitFor("the attempt to query the warehouse", async () => (await warehouseSessions(row.id)) > 0, 30_000);
  const producingAt = Date.now();
  await waitFor("the cut attempt to give back its connection", async () => (await warehouseSessions(row.id)) === 0, 10_000);
  // Cut by the engine after 2 s, stopped within a poll or two after that.
  expect(Date.now() - producingAt).toBeLessThan(6_000);
  const meanwhile = await exportRow(row.id);
  expect(meanwhile.status).toBe("running");
  expect(meanwhile.rowsProcessed).toBeLessThan(meanwhile.rowsEstimate ?? Infinity);
  await waitFor("its scratch files to go", () => !fs.existsSync(tmpDir) || !fs.readdirSync(tmpDir).some((name) => name.startsWith(row.id)), 5_000);
  // Had it gone on, it would have stored its archive by now.
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  expect(filesUnder(storeDir)).toEqual([]);
  await cancelExport(service, actor, { organizationId: org.organizationId, tenantId: org.tenantIds[0], id: row.id });
});

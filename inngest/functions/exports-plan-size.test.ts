import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listPartitions } from "@/db/queries/export-partitions";
import { createExport, type ExportDeps } from "@/lib/export-requests/service";
import { DEFAULT_PARTITION_ROWS, MAX_PARTITIONS, partitionCounts } from "@/lib/export-runs/plan";
import { uniqueSchema } from "@portal/inngest-engine/testing";
import { startExportEngine, type ExportEngine } from "@/test/export-engine";
import { testDb } from "@/test/factories";
import { exportDataDir, orgWithData, requestFor, waitForStatus } from "@/test/export-flow";

/*
 * How big a plan gets, against Inngest's limits: 1,000 steps per run and 4 MiB per step output. A plan of
 * 50,000,000 rows at the default size is 200 partitions; an export planned into 200 partitions runs
 * through the real engine here (100 rows each, so it takes seconds), and every run's steps are counted
 * and every step's stored output measured.
 */
const { db, sql } = testDb();
const { storage, runDeps } = exportDataDir("plan-size");
const schema = uniqueSchema("plan_size");
let running: ExportEngine | undefined;
let service: ExportDeps;
const STEP_OUTPUT_LIMIT = 4 * 1024 * 1024;
const RUN_STEP_LIMIT = 1_000;

beforeAll(async () => {
  running = await startExportEngine("plan_size", { schema, retryBaseDelayMs: 200 }, storage, (m) => [
    ...m.createExportFunctions(runDeps, { perOrganization: 2, partitionRows: 100, partitionsPerExport: 4, partitionsAtOnce: 8 }),
  ]);
  service = running.service;
});

afterAll(async () => {
  await running?.stop();
});

describe("the size of a plan", () => {
  it("is 200 partitions for 50,000,000 rows at the default size, and never more than the ceiling", () => {
    expect(partitionCounts([50_000_000], { targetRows: DEFAULT_PARTITION_ROWS })).toEqual([200]);
    expect(partitionCounts([30_000_000, 20_000_000], { targetRows: DEFAULT_PARTITION_ROWS })).toEqual([120, 80]);
    // Five realms of 500,000,000 rows each: partitions grow past the ceiling instead of multiplying.
    const huge = partitionCounts(Array(5).fill(500_000_000), { targetRows: DEFAULT_PARTITION_ROWS });
    expect(huge.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(MAX_PARTITIONS);
    expect(partitionCounts([0, 10], { targetRows: DEFAULT_PARTITION_ROWS })).toEqual([1, 1]);
  });

  it("of 200 partitions runs with every run under 1,000 steps and every step's output under 4 MiB", { timeout: 300_000 }, async () => {
    const { org, analyst } = await orgWithData(50_000);
    const actor = { userId: analyst.id, context: { ip: null, userAgent: null } };
    const row = await createExport(service, actor, org.organizationId, requestFor(org, { fields: ["job_id", "submitted_at"] }));
    const done = await waitForStatus(row.id, ["done", "failed"], 240_000);
    expect(done.error).toBeNull();
    expect(done.status).toBe("done");
    const partitions = await listPartitions(db, row.id);
    expect(partitions.length).toBeGreaterThanOrEqual(190);
    expect(partitions.reduce((n, p) => n + p.rows, 0)).toBe(done.rowCount);

    const runs = await sql.unsafe<{ function_id: string; steps: number; largest: number }[]>(
      `select r.function_id, count(s.step_id)::int as steps, coalesce(max(octet_length(s.result::text)), 0)::int as largest
         from "${schema}".runs r left join "${schema}".steps s on s.run_id = r.id
         join "${schema}".events e on e.internal_id = r.event_internal_id
        where e.payload->'data'->>'exportId' = $1 or e.payload->'data'->'event'->'data'->>'exportId' = $1
        group by r.id, r.function_id`,
      [row.id],
    );
    const byFunction = (suffix: string) => runs.filter((r) => r.function_id.endsWith(suffix));
    expect(byFunction("-run-export")).toHaveLength(1);
    expect(byFunction("-run-export-partition")).toHaveLength(partitions.length);
    expect(byFunction("-assemble-export")).toHaveLength(1);
    for (const run of runs) {
      expect(run.steps).toBeLessThan(RUN_STEP_LIMIT);
      expect(run.largest).toBeLessThan(STEP_OUTPUT_LIMIT);
    }
    // Steps return references: even the run that starts 200 partitions stores a few kilobytes.
    expect(Math.max(...runs.map((r) => r.largest))).toBeLessThan(64 * 1024);
  });
});

import path from "node:path";
import { asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { exports } from "@/db/schema";
import { createLocalStorage } from "@/lib/exports";
import { orgWithData, uniqueDir } from "@/test/export-flow";
import { testDb, type TestOrg } from "@/test/factories";
import { produceThroughSteps } from "@/test/exports/run-steps";
import { unzip } from "@/test/exports/support";
import type { ExportDeps } from "../export-requests/service";
import type { RunDeps } from "../export-runs/deps";
import { claimRunSlot, estimateExport, markDone } from "../export-runs/run";
import { createSchedule } from "./service";
import { tickSchedules } from "./tick";

/*
 * An incremental schedule (the default mode) against the real database: each run continues the previous
 * run's checkpoint, so every row of the stream goes out exactly once across runs, whatever its time.
 */
const { db, sql } = testDb();
const dir = uniqueDir("schedule-incremental");
const storage = createLocalStorage(path.join(dir, "exports"));
const runDeps: RunDeps = { db, warehouse: sql, storage, tmpDir: path.join(dir, "tmp"), pollMs: 100 };
const deps: ExportDeps = {
  db,
  warehouse: sql,
  events: { requested: async () => {}, cancelled: async () => {} },
  deleteFile: (key) => storage.delete(key),
  fileExists: async (key) => (await storage.stat(key)) !== null,
};

/** Runs every step of an export to done and returns the job ids of its CSV files. */
async function runToDone(id: string): Promise<string[]> {
  expect(await claimRunSlot(runDeps, id)).toBe("started");
  await estimateExport(runDeps, id);
  const result = await produceThroughSteps(runDeps, id);
  if (result.cancelled) throw new Error("the run stopped");
  expect(await markDone(runDeps, id, result)).not.toBeNull();
  const [row] = await db.select().from(exports).where(eq(exports.id, id));
  if (!row?.storageKey) return [];
  const entries = await unzip(path.join(dir, "exports", row.storageKey));
  return [...entries]
    .filter(([name]) => name.endsWith(".csv"))
    .flatMap(([, data]) => data.toString("utf8").trim().split(/\r?\n/).slice(1).filter(Boolean))
    .map((line) => line.split(",")[0] ?? "");
}

async function addJob(org: TestOrg, jobId: string, at: string) {
  await sql`insert into warehouse.jobs (organization_id, tenant_id, project_id, app_id, job_id, user_name, queue, submitted_at, nodes, cores, exit_state)
    values (${org.organizationId}, ${org.tenantIds[0]}, ${org.projectIds[0]}, ${org.appIds[0]}, ${jobId}, 'ann', 'batch', ${at}, 1, 1, 'completed')`;
}

describe("an incremental schedule", () => {
  it("exports the whole stream on its first run, then only the rows that arrived since, old timestamps included", async () => {
    const { org, analyst } = await orgWithData(30);
    const actor = { userId: analyst.id, context: { ip: null, userAgent: "vitest" } };
    const body = { name: "Job sync", cadence: { every: "day", at: "06:00" }, timezone: "UTC", tenantId: org.tenantIds[0], scope: { type: "tenant" } };
    const request = { ...body, realm: "jobs", fields: ["job_id", "nodes"], format: "csv" };
    // With a longest range, the stream's first run (from the first record) is not allowed: refused when made, in words.
    await expect(createSchedule(deps, actor, org.organizationId, request)).rejects.toMatchObject({
      fieldErrors: {
        mode: 'An incremental schedule\'s first run exports from the first record, and your organization allows at most 366 days in one export: choose a fixed window (the previous hour, day or week; mode "fixed_window") instead.',
      },
    });
    await sql`insert into organization_settings (organization_id, max_range_days) values (${org.organizationId}, null)
      on conflict (organization_id) do update set max_range_days = null`;
    const schedule = await createSchedule(deps, actor, org.organizationId, request, new Date("2026-06-01T05:00:00Z"));
    expect(schedule.mode).toBe("incremental");
    const runs = () => db.select().from(exports).where(eq(exports.scheduleId, schedule.id)).orderBy(asc(exports.createdAt));
    const tick = (at: string) => tickSchedules(deps, new Date(at), { organizationId: org.organizationId });

    const all = (await sql<{ job_id: string }[]>`select job_id from warehouse.jobs where organization_id = ${org.organizationId}`).map((r) => r.job_id);
    const firstTick = await tick("2026-06-01T06:01:00Z");
    expect(firstTick.paused).toEqual([]);
    expect(firstTick.queued).toHaveLength(1);
    const [first] = await runs();
    expect((await runToDone(first?.id ?? "")).sort()).toEqual([...all].sort());

    // A row stamped long ago that arrives now, and one of today: both are new to the stream.
    await addJob(org, "late-2024", "2024-03-01T10:00:00Z");
    await addJob(org, "fresh", "2026-06-01T12:00:00Z");
    expect((await tick("2026-06-02T06:01:00Z")).queued).toHaveLength(1);
    const second = (await runs())[1];
    expect(second?.sinceExportId).toBe(first?.id);
    expect((await runToDone(second?.id ?? "")).sort()).toEqual(["fresh", "late-2024"]);

    // Nothing new: the third run is done with no rows.
    expect((await tick("2026-06-03T06:01:00Z")).queued).toHaveLength(1);
    const third = (await runs())[2];
    expect(await runToDone(third?.id ?? "")).toEqual([]);
    expect(await runs()).toHaveLength(3);
  });
});

import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { afterAll, describe, expect, it, onTestFailed } from "vitest";
import { createDb, type Db, type Sql } from "@/db/client";
import { listPartitions } from "@/db/queries/export-partitions";
import { exports, users, type ExportRow } from "@/db/schema";
import { createExport } from "@/lib/export-requests/service";
import { loadOrCreateEngineKeys } from "@portal/inngest-engine/keys";
import { waitFor } from "@portal/inngest-engine/testing";
import { filesUnder, sha256File, uniqueDir } from "@/test/export-flow";
import { unzip } from "@/test/exports/support";
import { freePort } from "@/test/free-port";
import { stableUuid } from "./seed/ids";

/*
 * `npm start` as a person runs it (scripts/start.ts: embedded PostgreSQL, the engine, a cluster of two
 * workers, the guard and the web app, here in --dev so no production build is needed), killed outright as
 * a whole — every process of its group, the database included — while an export of several partitions is
 * half done. Started again on the same data directory, the export finishes with exactly the warehouse's
 * rows, and no partition finished before the kill is produced again.
 */
const root = path.resolve(import.meta.dirname, "..");
const dataDir = uniqueDir("portal-kill");
const TENANT = stableUuid("tenant:acme:research");
const ORGANIZATION = stableUuid("org:acme");
let launcher: ChildProcess | undefined;
let output = "";
let ports: Record<"PORT" | "EMBEDDED_PG_PORT" | "INNGEST_ENGINE_PORT" | "WORKER_PORT", number>;
let database: { db: Db; sql: Sql } | undefined;

/** Whether any process of the launcher's group is left (signal 0 to the group checks without sending). */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

async function start(): Promise<void> {
  output = "";
  const child = spawn(process.execPath, ["--import", "tsx", path.join(root, "scripts/start.ts"), "--dev"], {
    cwd: root,
    // Its own process group, so the whole portal can be killed at once, as a power cut would.
    detached: true,
    // Only what node needs, so none of the test runner's settings (its DATABASE_URL above all) leak in.
    env: {
      NODE_ENV: "development",
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DATA_DIR: dataDir,
      ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])),
      SEED_ROWS_PER_REALM: "120000",
      WORKERS: "2",
      EXPORT_PARTITION_ROWS: "3000",
      EXPORT_PARTITIONS_PER_EXPORT: "2",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  launcher = child;
  child.stdout?.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr?.on("data", (c: Buffer) => (output += c.toString()));
  const workers = `http://127.0.0.1:${ports.WORKER_PORT}`;
  await waitFor(
    "the workers to be up",
    async () => {
      if (child.exitCode !== null) throw new Error(`the portal stopped:\n${output}`);
      return (await fetch(`${workers}/health`).catch(() => null))?.ok === true;
    },
    240_000,
  );
  // The launcher registers them next; registering again is harmless and means it is done when this returns.
  expect((await fetch(`${workers}/api/inngest`, { method: "PUT" })).status).toBe(200);
}

async function killEverything(): Promise<void> {
  const pgid = launcher?.pid;
  if (!pgid) return;
  process.kill(-pgid, "SIGKILL");
  await waitFor("every process of the portal to exit", () => !groupAlive(pgid), 30_000);
}

afterAll(async () => {
  await database?.sql.end({ timeout: 1 }).catch(() => {});
  const pgid = launcher?.pid;
  if (pgid && groupAlive(pgid)) {
    process.kill(-pgid, "SIGTERM");
    await waitFor("the portal to stop", () => !groupAlive(pgid), 30_000).catch(() => process.kill(-pgid, "SIGKILL"));
  }
});

async function exportRow(db: Db, id: string): Promise<ExportRow> {
  const [row] = await db.select().from(exports).where(eq(exports.id, id));
  if (!row) throw new Error(`export ${id} not found`);
  return row;
}

describe("npm start killed as a whole", () => {
  it("after kill -9 of launcher, web app, workers, engine and database mid-export, the export finishes exact on restart", { timeout: 900_000 }, async () => {
    onTestFailed(() => console.error(`the portal's last output:\n${output.slice(-8_000)}`));
    ports = { PORT: await freePort(), EMBEDDED_PG_PORT: await freePort(), INNGEST_ENGINE_PORT: await freePort(), WORKER_PORT: await freePort() };
    await start();
    const keys = await loadOrCreateEngineKeys(dataDir);
    Object.assign(process.env, { INNGEST_BASE_URL: `http://127.0.0.1:${ports.INNGEST_ENGINE_PORT}`, INNGEST_EVENT_KEY: keys.eventKey, INNGEST_DEV: "0" });
    const { inngestExportEvents } = await import("@/inngest/export-events");
    database = createDb(`postgres://portal:portal@127.0.0.1:${ports.EMBEDDED_PG_PORT}/portal`);
    const { db, sql } = database;
    const [analyst] = await db.select({ id: users.id }).from(users).where(eq(users.email, "analyst@acme.test"));
    const service = { db, warehouse: sql, events: inngestExportEvents, deleteFile: async () => {}, fileExists: async () => true };
    const actor = { userId: analyst?.id ?? "", context: { ip: "127.0.0.1", userAgent: "vitest" } };
    // A year of the tenant's jobs: the demo organization's longest range.
    const dates = { from: "2025-01-01", to: "2025-12-31" };
    const request = {
      tenantId: TENANT,
      scope: { type: "tenant" },
      realm: "jobs",
      fields: ["job_id", "submitted_at", "user_name"],
      timezone: "UTC",
      format: "csv",
      ...dates,
    };
    const { id } = await createExport(service, actor, ORGANIZATION, request);

    const before = await waitFor(
      "some partitions done and others not yet",
      async () => {
        const parts = await listPartitions(db, id);
        const done = parts.filter((p) => p.status === "done").length;
        return done >= 2 && done < parts.length - 1 ? parts : undefined;
      },
      300_000,
    );
    expect(before.length).toBeGreaterThanOrEqual(5);
    await killEverything();

    await start();
    const done = await waitFor(
      "the export to end",
      async () => {
        const row = await exportRow(db, id).catch(() => undefined);
        return row && ["done", "failed", "cancelled"].includes(row.status) ? row : undefined;
      },
      300_000,
    );
    expect(done.error).toBeNull();
    expect(done.status).toBe("done");
    const expected = (
      await sql<{ job_id: string }[]>`select job_id from warehouse.jobs where tenant_id = ${TENANT}
        and submitted_at >= '2025-01-01T00:00:00Z' and submitted_at < '2026-01-01T00:00:00Z' order by submitted_at, id`
    ).map((r) => r.job_id);
    expect(done.rowCount).toBe(expected.length);
    const stored = filesUnder(path.join(dataDir, "exports")).filter((f) => f.includes(id));
    expect(stored).toEqual([path.join(dataDir, "exports", done.storageKey ?? "missing")]);
    expect(sha256File(stored[0] ?? "")).toBe(done.sha256);
    const ids = [...(await unzip(stored[0] ?? ""))]
      .filter(([name]) => name.endsWith(".csv"))
      .sort(([a], [b]) => a.localeCompare(b))
      .flatMap(([, data]) => data.toString("utf8").trim().split(/\r?\n/).slice(1))
      .map((line) => line.split(",")[0]);
    expect(ids).toEqual(expected);

    // A partition finished before the kill was not produced again.
    const after = await listPartitions(db, id);
    for (const p of before.filter((b) => b.status === "done")) {
      expect(after.find((a) => a.index === p.index)).toMatchObject({ status: "done", attempts: 1, completedAt: p.completedAt });
    }
    expect(
      await db
        .select({ id: exports.id })
        .from(exports)
        .where(and(eq(exports.id, id), eq(exports.status, "done"))),
    ).toHaveLength(1);
    expect(fs.existsSync(path.join(dataDir, "postgres"))).toBe(true);
  });
});

import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createExport, type ExportDeps } from "@/lib/export-requests/service";
import { SCRATCH_DISK_FULL_MESSAGE } from "@/lib/export-runs/disk-full";
import { startExportEngine, type ExportEngine } from "@/test/export-engine";
import { testDb } from "@/test/factories";
import { exportRow, filesUnder, orgWithData, requestFor, exportDataDir, waitForStatus } from "@/test/export-flow";

/*
 * Scratch space (DATA_DIR/tmp) on a real 3 MB filesystem, nearly full, as on a server whose disk filled up:
 * the export must fail at once with a message that says so, and give back its warehouse connection.
 * Mounting a tmpfs needs root, which the test and CI environments run as.
 */
const { sql } = testDb();
const { tmpDir, storeDir, storage, runDeps } = exportDataDir("disk");
let running: ExportEngine | undefined;
let service: ExportDeps;
let mounted = false;

beforeAll(async () => {
  fs.mkdirSync(tmpDir, { recursive: true });
  execFileSync("mount", ["-t", "tmpfs", "-o", "size=3m", "tmpfs", tmpDir]);
  mounted = true;
  // Leave about 200 KB free: far less than any of these archives.
  const { bavail, bsize } = fs.statfsSync(tmpDir);
  fs.writeFileSync(path.join(tmpDir, "filler"), Buffer.alloc(bavail * bsize - 200 * 1024));
  // A retry would wait at least 45 s: an export that fails sooner failed on its first attempt.
  running = await startExportEngine("disk", { retryBaseDelayMs: 60_000 }, storage, (m) => [...m.createExportFunctions(runDeps, { perOrganization: 2 })]);
  service = running.service;
});

afterAll(async () => {
  await running?.stop();
  if (mounted) execFileSync("umount", ["-l", tmpDir]);
});

async function warehouseSessions(id: string): Promise<number> {
  const [{ n }] = await sql<{ n: number }[]>`select count(*)::int as n from pg_stat_activity where application_name = ${`export ${id}`}`;
  return n;
}

describe("a full scratch disk", () => {
  it.each(["csv", "csv+ndjson", "xlsx", "parquet"])(
    "fails a %s export at once, naming the full disk, with no query left running and nothing stored",
    async (format) => {
      const { org, analyst } = await orgWithData(40_000);
      const row = await createExport(service, { userId: analyst.id, context: { ip: null, userAgent: null } }, org.organizationId, requestFor(org, { format }));
      await waitForStatus(row.id, ["running", "failed", "done"]);
      const startedAt = Date.now();
      const failed = await waitForStatus(row.id, ["failed", "done"], 40_000);
      expect(failed.status).toBe("failed");
      // One attempt, not four: a retry would only fill the disk again.
      expect(Date.now() - startedAt).toBeLessThan(30_000);
      expect(failed.error).toBe(SCRATCH_DISK_FULL_MESSAGE);
      expect(await warehouseSessions(row.id)).toBe(0);
      expect(filesUnder(storeDir).filter((f) => f.includes(row.id))).toEqual([]);
      expect(fs.readdirSync(tmpDir).filter((name) => name.startsWith(row.id))).toEqual([]);
      expect((await exportRow(row.id)).storageKey).toBeNull();
    },
  );
});

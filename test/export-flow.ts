import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { and, eq, like } from "drizzle-orm";
import { emailOutbox, exports, type ExportRow } from "../db/schema";
import { seedWarehouse } from "../scripts/seed/warehouse";
import { waitFor } from "@portal/inngest-engine/testing";
import type { RunDeps } from "../lib/export-runs/deps";
import { createLocalStorage } from "../lib/exports";
import { addMember, createOrg, createUser, testDb, type TestOrg } from "./factories";

/** Shared set-up for tests that run real exports through the engine: an organization with warehouse rows. */
export async function orgWithData(rowsPerRealm: number): Promise<{ org: TestOrg; analyst: { id: string; email: string } }> {
  const { db, sql } = testDb();
  const org = await createOrg(db, "Flow");
  const analyst = await createUser(db, "analyst");
  await addMember(db, org, analyst.id, "analyst", org.tenantIds[0]);
  await seedWarehouse(sql, {
    apps: [{ organizationId: org.organizationId, tenantId: org.tenantIds[0], projectId: org.projectIds[0], appId: org.appIds[0] }],
    rowsPerRealm,
  });
  await sql`analyze warehouse.jobs`;
  return { org, analyst };
}

export async function exportRow(id: string): Promise<ExportRow> {
  const { db } = testDb();
  const [row] = await db.select().from(exports).where(eq(exports.id, id));
  if (!row) throw new Error(`export ${id} not found`);
  return row;
}

export function waitForStatus(id: string, statuses: ExportRow["status"][], timeoutMs = 60_000): Promise<ExportRow> {
  return waitFor(
    `export ${id} to be ${statuses.join(" or ")}`,
    async () => {
      const row = await exportRow(id);
      return statuses.includes(row.status) ? row : undefined;
    },
    timeoutMs,
  );
}

export async function emailsFor(exportId: string) {
  const { db } = testDb();
  return db
    .select()
    .from(emailOutbox)
    .where(and(like(emailOutbox.dedupeKey, `export-${exportId}-%`)));
}

export function sha256File(file: string): string {
  return createHash("sha256").update(fs.readFileSync(file)).digest("hex");
}

/** Every file under a directory, recursively. */
export function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => path.join(d.parentPath, d.name));
}

export const uniqueDir = (label: string) => {
  const base = process.env.TEST_DATA_DIR;
  if (!base) throw new Error("TEST_DATA_DIR is not set");
  return path.join(base, `${label}-${randomUUID().slice(0, 8)}`);
};

/** A data directory of the test's own: scratch space, local storage, and the run dependencies on them. */
export function exportDataDir(label: string) {
  const { db, sql } = testDb();
  const dataDir = uniqueDir(label);
  const tmpDir = path.join(dataDir, "tmp");
  const storeDir = path.join(dataDir, "exports");
  const storage = createLocalStorage(storeDir);
  const runDeps = (): RunDeps => ({ db, warehouse: sql, storage, tmpDir, pollMs: 200 });
  return { dataDir, tmpDir, storeDir, storage, runDeps };
}

export const requestFor = (org: TestOrg, change: Record<string, unknown> = {}) => ({
  tenantId: org.tenantIds[0],
  scope: { type: "tenant" },
  realm: "jobs",
  from: "2024-01-01",
  to: "2024-12-31",
  timezone: "Europe/Amsterdam",
  format: "csv",
  ...change,
});

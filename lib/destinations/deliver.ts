import { eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { exportDeliveries, exports, schedules } from "@/db/schema";
import type { ExportStorage } from "../exports/storage/types";
import { getDestinationRow, openDestination } from "./destination";
import { putJson, scrubbed, uploadStream } from "./s3";

export interface DeliveryDeps {
  db: Db;
  storage: ExportStorage;
  /** DESTINATION_CREDENTIALS_KEY. */
  credentialsKey: string | undefined;
}

/** What the steps pass each other: references only, never a credential. */
export interface DeliveryPlan {
  exportId: string;
  scheduleId: string;
  bucket: string;
  dataKey: string;
  manifestKey: string;
}

/** A folder name from an instant, without the colons some tools choke on: 2026-12-01T00-30-00Z. */
const folderOf = (d: Date) =>
  d
    .toISOString()
    .replace(/\.\d{3}Z$/, "Z")
    .replace(/:/g, "-");

/**
 * Where a run goes: {prefix}{scheduleId}/{intervalEnd or exportId}/{archive file name}, and manifest.json beside
 * it. The same export always gets the same keys, so a retried or repeated delivery overwrites rather than adds.
 */
export async function planDelivery(db: Db, exportId: string): Promise<DeliveryPlan | null> {
  const [row] = await db
    .select({ id: exports.id, scheduleId: exports.scheduleId, status: exports.status, fileName: exports.fileName, intervalEnd: exports.intervalEnd })
    .from(exports)
    .innerJoin(schedules, eq(schedules.id, exports.scheduleId))
    .where(eq(exports.id, exportId));
  if (!row?.scheduleId || row.status !== "done" || !row.fileName) return null;
  const destination = await getDestinationRow(db, row.scheduleId);
  if (!destination) return null;
  const folder = `${destination.prefix}${row.scheduleId}/${row.intervalEnd ? folderOf(row.intervalEnd) : row.id}/`;
  const plan = { exportId, scheduleId: row.scheduleId, bucket: destination.bucket, dataKey: `${folder}${row.fileName}`, manifestKey: `${folder}manifest.json` };
  await db
    .insert(exportDeliveries)
    .values({ exportId, state: "delivering", bucket: plan.bucket, manifestKey: plan.manifestKey })
    .onConflictDoUpdate({
      target: exportDeliveries.exportId,
      set: { state: "delivering", bucket: plan.bucket, manifestKey: plan.manifestKey, deliveredAt: null, updatedAt: new Date() },
    });
  return plan;
}

async function withDestination<T>(deps: DeliveryDeps, plan: DeliveryPlan, work: (d: ReturnType<typeof openDestination>) => Promise<T>): Promise<T> {
  const row = await getDestinationRow(deps.db, plan.scheduleId);
  if (!row) throw new Error("The schedule's destination was removed during the delivery.");
  const destination = openDestination(row, deps.credentialsKey);
  try {
    return await work(destination);
  } catch (error) {
    // Recorded for the schedule's page, and thrown on without the credentials so the engine retries the step.
    const message = scrubbed(error, destination);
    await deps.db
      .update(exportDeliveries)
      .set({ attempts: sql`${exportDeliveries.attempts} + 1`, lastError: message, updatedAt: new Date() })
      .where(eq(exportDeliveries.exportId, plan.exportId));
    throw new Error(`Copying to the bucket ${plan.bucket} failed: ${message}`);
  }
}

/** The archive, streamed from export storage into the bucket in parts. */
export async function uploadArchive(deps: DeliveryDeps, plan: DeliveryPlan): Promise<{ dataKey: string }> {
  const [row] = await deps.db.select({ storageKey: exports.storageKey }).from(exports).where(eq(exports.id, plan.exportId));
  if (!row?.storageKey) throw new Error(`Export ${plan.exportId} has no stored archive.`);
  const storageKey = row.storageKey;
  await withDestination(deps, plan, async (d) => uploadStream(d, plan.dataKey, await deps.storage.get(storageKey), "application/zip"));
  return { dataKey: plan.dataKey };
}

/** The manifest, written only after the data: a reader who finds it finds the whole export. */
export async function writeManifest(deps: DeliveryDeps, plan: DeliveryPlan): Promise<{ manifestKey: string }> {
  const [row] = await deps.db.select().from(exports).where(eq(exports.id, plan.exportId));
  if (!row) throw new Error(`Export ${plan.exportId} is gone.`);
  const manifest = {
    exportId: row.id,
    scheduleId: row.scheduleId,
    name: row.name,
    intervalStart: row.intervalStart?.toISOString() ?? null,
    intervalEnd: row.intervalEnd?.toISOString() ?? null,
    rows: row.rowCount,
    rowsByRealm: row.rowsByRealm,
    sha256: row.sha256,
    files: [{ key: plan.dataKey, fileName: row.fileName, sizeBytes: row.sizeBytes, sha256: row.sha256, format: row.format }],
    completedAt: row.completedAt?.toISOString() ?? null,
  };
  await withDestination(deps, plan, (d) => putJson(d, plan.manifestKey, manifest));
  await deps.db
    .update(exportDeliveries)
    .set({ state: "delivered", deliveredAt: new Date(), lastError: null, updatedAt: new Date() })
    .where(eq(exportDeliveries.exportId, plan.exportId));
  return { manifestKey: plan.manifestKey };
}

/** After the last retry: the delivery failed for good, with the last error already recorded. */
export async function failDelivery(db: Db, exportId: string, error: string): Promise<void> {
  await db
    .update(exportDeliveries)
    .set({ state: "failed", lastError: sql`coalesce(${exportDeliveries.lastError}, ${error.slice(0, 500)})`, updatedAt: new Date() })
    .where(eq(exportDeliveries.exportId, exportId));
}

export async function deliveriesOf(db: Db, exportIds: string[]) {
  if (exportIds.length === 0) return new Map<string, typeof exportDeliveries.$inferSelect>();
  const rows = await db.select().from(exportDeliveries).where(inArray(exportDeliveries.exportId, exportIds));
  return new Map(rows.map((r) => [r.exportId, r]));
}

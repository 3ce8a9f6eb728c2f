import { createHash, randomBytes, randomUUID } from "node:crypto";
import { createRequire } from "node:module";
import { Readable } from "node:stream";
import { GetObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { eq } from "drizzle-orm";
import S3rver from "s3rver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportDeliveries, schedules } from "@/db/schema";
import { saveDestination } from "@/lib/destinations/destination";
import { createLocalStorage } from "@/lib/exports";
import { serveApp, startTestEngine, syncApp, pointAppAtEngine, uniqueSchema, waitFor, type ServedApp } from "@portal/inngest-engine/testing";
import type { Engine } from "@portal/inngest-engine";
import { createOrg, createUser, insertTestExport, testDb, type TestOrg } from "@/test/factories";
import { freePort } from "@/test/free-port";
import { outDir } from "@/test/exports/support";

/*
 * A schedule's runs copied to an S3-compatible bucket (s3rver) by the real engine and SDK, from real export
 * storage, with the credentials sealed in the real database.
 */
const { db, sql } = testDb();
const schema = uniqueSchema("bucket");
const KEY = randomBytes(32).toString("base64");
// Credentials s3rver accepts, unique enough that finding them anywhere means they leaked there.
const ACCESS_KEY_ID = `AKIA${randomBytes(8).toString("hex").toUpperCase()}`;
const SECRET = `secret-${randomBytes(20).toString("hex")}`;
const require = createRequire(import.meta.url);
(require("s3rver/lib/models/account") as { DUMMY_ACCOUNT: { createKeyPair(id: string, secret: string): void } }).DUMMY_ACCOUNT.createKeyPair(
  ACCESS_KEY_ID,
  SECRET,
);

const storage = createLocalStorage(outDir("bucket-store"));
const s3Dir = outDir("bucket-s3rver");
let s3: S3rver;
let port = 0;
let engine: Engine;
let app: ServedApp;
let org: TestOrg;
let owner: { id: string };
let inngestClient: typeof import("@/inngest/client").inngest;
let events: typeof import("@/inngest/events");
/** Object keys in the order s3rver finished writing them (a multipart upload counts when it completes). */
const created: string[] = [];

async function startS3() {
  s3 = new S3rver({ port, address: "127.0.0.1", silent: true, directory: s3Dir, configureBuckets: [{ name: "deliveries", configs: [] }] });
  s3.on("event", (e) => {
    for (const r of e.Records) if (r.eventName.startsWith("ObjectCreated")) created.push(decodeURIComponent(r.s3.object.key));
  });
  await s3.run();
}

const bucket = new S3Client({
  region: "us-east-1",
  endpoint: "http://127.0.0.1:0",
  forcePathStyle: true,
  credentials: { accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET },
});
const getObject = async (key: string) => {
  const res = await bucket.send(new GetObjectCommand({ Bucket: "deliveries", Key: key }));
  return Buffer.from((await res.Body?.transformToByteArray()) ?? []);
};

/** A schedule with a destination, and a done run of it whose archive (several upload parts) is in export storage. */
async function finishedRun(archive: Buffer, bucketName = "deliveries") {
  const [schedule] = await db
    .insert(schedules)
    .values({
      organizationId: org.organizationId,
      tenantId: org.tenantIds[0],
      ownerId: owner.id,
      name: "Daily jobs",
      request: { tenantId: org.tenantIds[0] },
      cadence: { every: "day", at: "00:30" },
      timezone: "Europe/Amsterdam",
      nextRunAt: new Date("2030-01-01T00:00:00Z"),
    })
    .returning();
  await saveDestination(
    db,
    schedule.id,
    {
      type: "s3",
      bucket: bucketName,
      prefix: "portal/daily/",
      endpoint: `http://127.0.0.1:${port}`,
      region: "us-east-1",
      accessKeyId: ACCESS_KEY_ID,
      secretAccessKey: SECRET,
    },
    KEY,
  );
  const storageKey = `exports/${randomUUID()}.zip`;
  await storage.put(storageKey, Readable.from([archive]));
  const intervalEnd = new Date("2026-11-30T23:00:00Z");
  const exportId = await insertTestExport(db, org, owner.id, {
    status: "done",
    storageKey,
    fileName: "Daily jobs 2026-11-30.zip",
    sizeBytes: archive.length,
    sha256: createHash("sha256").update(archive).digest("hex"),
    rowCount: 1234,
    completedAt: new Date(),
    scheduleId: schedule.id,
    intervalStart: new Date("2026-11-29T23:00:00Z"),
    intervalEnd,
  });
  const folder = `portal/daily/${schedule.id}/2026-11-30T23-00-00Z/`;
  return { exportId, scheduleId: schedule.id, dataKey: `${folder}Daily jobs 2026-11-30.zip`, manifestKey: `${folder}manifest.json` };
}

const complete = (exportId: string) =>
  inngestClient.send(events.exportCompleted.create({ exportId, organizationId: org.organizationId, tenantId: org.tenantIds[0] }));
const delivery = async (exportId: string) => (await db.select().from(exportDeliveries).where(eq(exportDeliveries.exportId, exportId)))[0];
const delivered = (exportId: string) =>
  waitFor("the delivery", async () => ((await delivery(exportId))?.state === "delivered" ? delivery(exportId) : undefined), 60_000);

beforeAll(async () => {
  port = await freePort();
  await startS3();
  bucket.config.endpoint = async () => ({ protocol: "http:", hostname: "127.0.0.1", port, path: "/" });
  const started = await startTestEngine("bucket", { schema, retryBaseDelayMs: 200 });
  engine = started.engine;
  pointAppAtEngine(started);
  inngestClient = (await import("@/inngest/client")).inngest;
  events = await import("@/inngest/events");
  const { createDeliverToBucket } = await import("./deliver-to-bucket");
  app = await serveApp(inngestClient, [createDeliverToBucket(() => ({ db, storage, credentialsKey: KEY }), { retries: 3 })]);
  expect((await syncApp(app.url)).status).toBe(200);
  org = await createOrg(db, "Bucket");
  owner = await createUser(db, "bucket-owner");
});

afterAll(async () => {
  await app?.close();
  await engine?.stop();
  await s3?.close();
});

describe("delivery to a schedule's bucket", () => {
  it("copies the archive in parts, byte for byte, then writes the manifest last", async () => {
    const archive = randomBytes(19 * 1024 * 1024);
    const run = await finishedRun(archive);
    await complete(run.exportId);
    const row = await delivered(run.exportId);
    expect(row).toMatchObject({ bucket: "deliveries", manifestKey: run.manifestKey, lastError: null });
    const mine = created.filter((k) => k.includes(run.scheduleId));
    expect(mine).toEqual([run.dataKey, run.manifestKey]);
    const copy = await getObject(run.dataKey);
    expect(createHash("sha256").update(copy).digest("hex")).toBe(createHash("sha256").update(archive).digest("hex"));
    const manifest = JSON.parse((await getObject(run.manifestKey)).toString("utf8")) as Record<string, unknown>;
    expect(manifest).toMatchObject({
      exportId: run.exportId,
      rows: 1234,
      sha256: createHash("sha256").update(archive).digest("hex"),
      files: [{ key: run.dataKey, fileName: "Daily jobs 2026-11-30.zip", sizeBytes: archive.length }],
    });
  });

  it("retries a failed upload: the bucket is down, then back, and the run arrives", async () => {
    const archive = randomBytes(1024 * 1024);
    const run = await finishedRun(archive);
    await s3.close();
    try {
      await complete(run.exportId);
      const failed = await waitFor("a failed attempt", async () => ((await delivery(run.exportId))?.lastError ? delivery(run.exportId) : undefined), 30_000);
      expect(failed?.state).toBe("delivering");
      expect(failed?.lastError).toMatch(/ECONNREFUSED|connect/i);
    } finally {
      await startS3();
    }
    const row = await delivered(run.exportId);
    expect(row?.attempts).toBeGreaterThanOrEqual(1);
    expect(
      createHash("sha256")
        .update(await getObject(run.dataKey))
        .digest("hex"),
    ).toBe(createHash("sha256").update(archive).digest("hex"));
    expect(created.filter((k) => k.includes(run.scheduleId))).toEqual([run.dataKey, run.manifestKey]);
  });

  it("ends failed, with the bucket's reason and no manifest, when every attempt is refused", async () => {
    const run = await finishedRun(randomBytes(1024), "no-such-bucket");
    await complete(run.exportId);
    const row = await waitFor(
      "the delivery to fail for good",
      async () => ((await delivery(run.exportId))?.state === "failed" ? delivery(run.exportId) : undefined),
      30_000,
    );
    expect(row?.attempts).toBe(4);
    expect(row?.lastError).toMatch(/NoSuchBucket/);
    expect(row?.lastError).not.toContain(SECRET);
    expect(created.filter((k) => k.includes(run.scheduleId))).toEqual([]);
  });

  it("keeps the credentials out of the engine's stored events, steps and run outputs, and out of the database in the clear", async () => {
    const rows = await sql.unsafe(
      `select payload::text as t from "${schema}".events union all select result::text from "${schema}".steps union all select coalesce(output::text, '') from "${schema}".runs`,
    );
    const stored = rows.map((row) => String(row.t)).join("\n");
    expect(stored).toContain("export/completed");
    expect(stored).toContain("manifest.json");
    expect(stored).not.toContain(SECRET);
    expect(stored).not.toContain(ACCESS_KEY_ID);
    const sealed = await sql`select credentials::text as c, access_key_hint as h from schedule_destinations`;
    expect(sealed.length).toBeGreaterThan(0);
    for (const r of sealed) {
      expect(String(r.c)).not.toContain(SECRET);
      expect(String(r.c)).not.toContain(ACCESS_KEY_ID);
      expect(r.h).toBe(ACCESS_KEY_ID.slice(-4));
    }
  });
});

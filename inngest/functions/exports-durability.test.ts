import type { ChildProcess } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createExport } from "@/lib/export-requests/service";
import type { RunDeps } from "@/lib/export-runs/deps";
import { createLocalStorage } from "@/lib/exports";
import { killHard, serveApp, startEngineProcess, syncApp, testKeys, uniqueSchema, waitFor, type ServedApp } from "@portal/inngest-engine/testing";
import { emailsFor, exportRow, filesUnder, orgWithData, requestFor, sha256File, uniqueDir, waitForStatus } from "@/test/export-flow";
import { testDb } from "@/test/factories";
import { freePort } from "@/test/free-port";

/*
 * The engine as `npm start` runs it, in its own process, killed with SIGKILL in the middle of an export
 * and started again: the run must finish with exactly one file and one email.
 */
const { db, sql } = testDb();
const keys = testKeys();
const schema = uniqueSchema("portal_kill");
const dataDir = uniqueDir("durable");
const storeDir = path.join(dataDir, "exports");
const tmpDir = path.join(dataDir, "tmp");
let port: number;
let child: ChildProcess | undefined;
let app: ServedApp;

const startEngine = () => startEngineProcess({ port, schema, keys, dataDir });

beforeAll(async () => {
  port = await freePort();
  child = await startEngine();
  Object.assign(process.env, {
    INNGEST_BASE_URL: `http://127.0.0.1:${port}`,
    INNGEST_SIGNING_KEY: keys.signingKey,
    INNGEST_EVENT_KEY: keys.eventKey,
    INNGEST_DEV: "0",
  });
  const { inngest } = await import("@/inngest/client");
  const { createExportFunctions } = await import("./export-functions");
  const { createSendExportEmail } = await import("./send-export-email");
  const storage = createLocalStorage(storeDir);
  const runDeps = (): RunDeps => ({ db, warehouse: sql, storage, tmpDir, pollMs: 200 });
  app = await serveApp(inngest, [
    ...createExportFunctions(runDeps, { perOrganization: 2 }),
    createSendExportEmail(() => ({ db, appUrl: "https://portal.example" })),
  ]);
  expect((await syncApp(app.url)).status).toBe(200);
});

afterAll(async () => {
  await killHard(child);
  await app?.close();
});

it("survives SIGKILL of the engine in the middle of an export", async () => {
  const { inngestExportEvents } = await import("@/inngest/export-events");
  const { org, analyst } = await orgWithData(150_000);
  const row = await createExport(
    { db, warehouse: sql, events: inngestExportEvents, deleteFile: async () => {}, fileExists: async () => true },
    { userId: analyst.id, context: { ip: null, userAgent: null } },
    org.organizationId,
    requestFor(org, { format: "xlsx" }),
  );
  await waitFor("the export to be producing rows", async () => ((await exportRow(row.id)).rowsProcessed > 0 ? true : undefined), 60_000);
  await killHard(child);
  child = await startEngine();
  const done = await waitForStatus(row.id, ["done", "failed"], 120_000);
  expect(done.status).toBe("done");
  // The interrupted step may run twice (at-least-once), but both runs write the same bytes to the same key.
  await waitFor("both executions of the step to settle", () => (filesUnder(tmpDir).some((f) => f.includes(row.id)) ? undefined : true), 60_000);
  const files = filesUnder(storeDir);
  expect(files).toEqual([path.join(storeDir, done.storageKey ?? "missing")]);
  expect(sha256File(files[0] ?? "")).toBe(done.sha256);
  const mails = await waitFor("the ready email", async () => {
    const m = await emailsFor(row.id);
    return m.length > 0 ? m : undefined;
  });
  await new Promise((r) => setTimeout(r, 1_000));
  expect((await emailsFor(row.id)).length).toBe(mails.length);
  expect(mails.map((m) => m.dedupeKey)).toEqual([`export-${row.id}-ready`]);
});

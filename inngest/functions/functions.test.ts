import path from "node:path";
import { InngestTestEngine } from "@inngest/test";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { exports } from "@/db/schema";
import { createExport } from "@/lib/export-requests/service";
import type { RunDeps } from "@/lib/export-runs/deps";
import { createLocalStorage } from "@/lib/exports";
import { emailsFor, exportRow, filesUnder, orgWithData, requestFor, sha256File, uniqueDir } from "@/test/export-flow";
import { testDb } from "@/test/factories";
import { createExpireExports } from "./expire-exports";
import { createExportFunctions } from "./export-functions";
import { createSendExportEmail } from "./send-export-email";

/*
 * Each function's logic in-process with @inngest/test: steps run for real against the database, the
 * warehouse and local storage; only the transport to an engine is left out.
 */
const { db, sql } = testDb();
const dir = uniqueDir("fn-unit");
const storage = createLocalStorage(path.join(dir, "exports"));
const deps = (): RunDeps => ({ db, warehouse: sql, storage, tmpDir: path.join(dir, "tmp"), pollMs: 100 });
const noEvents = { requested: async () => {}, cancelled: async () => {} };
const [runExport, runPartition, assembleExport] = createExportFunctions(deps, { perOrganization: 2 });
// Sending events is the one thing that talks to an engine; here it answers as Inngest would.
const sent = (id: string) => [{ id, handler: () => ({ ids: ["evt_test"] }) }];

/** An export's runs one after another, as the engine would start them from the events each one sends. */
async function produceThroughFunctions(event: { name: string; data: { exportId: string; organizationId: string; tenantId: string } }) {
  const planned = await new InngestTestEngine({ function: runExport, events: [event as never], steps: sent("start-partitions") }).execute();
  const { partitions } = planned.result as { partitions: number };
  for (let index = 1; index <= partitions; index++) {
    const partition = { name: "export/partition.requested", data: { ...event.data, index } };
    await new InngestTestEngine({ function: runPartition, events: [partition as never], steps: sent("assemble") }).execute();
  }
  const assemble = { name: "export/partitions.done", data: event.data };
  return new InngestTestEngine({ function: assembleExport, events: [assemble as never], steps: sent("send-completed") }).execute();
}

async function pendingExport(change: Record<string, unknown> = {}) {
  const { org, analyst } = await orgWithData(1_500);
  const row = await createExport(
    { db, warehouse: sql, events: noEvents, deleteFile: async () => {}, fileExists: async () => true },
    { userId: analyst.id, context: { ip: null, userAgent: null } },
    org.organizationId,
    requestFor(org, change),
  );
  const event = {
    name: "export/requested",
    data: { exportId: row.id, organizationId: org.organizationId, tenantId: org.tenantIds[0], requestedBy: analyst.id },
  };
  return { row, event, analyst };
}

describe("run-export", () => {
  it("runs every step and ends done with the archive recorded and export/completed sent", async () => {
    const { row, event } = await pendingExport({ format: "ndjson" });
    const { result, ctx } = await produceThroughFunctions(event);
    expect(result).toMatchObject({ exportId: row.id, outcome: "done" });
    const done = await exportRow(row.id);
    expect(done).toMatchObject({ status: "done", rowsProcessed: done.rowCount });
    expect(sha256File(path.join(dir, "exports", done.storageKey ?? ""))).toBe(done.sha256);
    expect(ctx.step.sendEvent).toHaveBeenCalledWith(
      "send-completed",
      expect.objectContaining({ name: "export/completed", data: expect.objectContaining({ exportId: row.id }) }),
    );
  });

  it("stops without producing anything when the export was cancelled before it started", async () => {
    const { row, event } = await pendingExport();
    await db.update(exports).set({ status: "cancelled" }).where(eq(exports.id, row.id));
    const t = new InngestTestEngine({ function: runExport, events: [event as never], steps: sent("start-partitions") });
    const { result, ctx } = await t.execute();
    expect(result, JSON.stringify(result)).toMatchObject({ outcome: "skipped: no longer pending" });
    expect(ctx.step.run).toHaveBeenCalledTimes(1);
    expect(filesUnder(path.join(dir, "exports")).filter((f) => f.includes(row.id))).toEqual([]);
  });
});

describe("send-export-email", () => {
  it("emails the requester once per export and kind", async () => {
    const { row, event, analyst } = await pendingExport();
    await produceThroughFunctions(event);
    const fn = createSendExportEmail(() => ({ db, appUrl: "https://portal.example" }));
    const completed = { name: "export/completed", data: { exportId: row.id, organizationId: event.data.organizationId, tenantId: event.data.tenantId } };
    const first = await new InngestTestEngine({ function: fn, events: [completed as never] }).execute();
    const again = await new InngestTestEngine({ function: fn, events: [completed as never] }).execute();
    expect(first.result).toMatchObject({ sent: true });
    expect(again.result).toMatchObject({ sent: false });
    const mails = await emailsFor(row.id);
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ to: analyst.email, subject: "Your Compute jobs export is ready" });
    expect(mails[0]?.text).toContain(`https://portal.example/exports/${row.id}/download`);
  });
});

describe("expire-exports", () => {
  it("expires done exports past retention, deletes their files, and is harmless the second time", async () => {
    const { row, event } = await pendingExport();
    await produceThroughFunctions(event);
    const done = await exportRow(row.id);
    const file = path.join(dir, "exports", done.storageKey ?? "");
    await db
      .update(exports)
      .set({ expiresAt: new Date(Date.now() - 60_000) })
      .where(eq(exports.id, row.id));
    const fn = createExpireExports(deps, { schedule: "0 * * * *" });
    const tick = { name: "inngest/scheduled.timer", data: { cron: "0 * * * *" } };
    const first = await new InngestTestEngine({ function: fn, events: [tick as never] }).execute();
    expect((first.result as { expired: number }).expired).toBeGreaterThanOrEqual(1);
    expect((await exportRow(row.id)).status).toBe("expired");
    expect(filesUnder(path.dirname(file))).not.toContain(file);
    await new InngestTestEngine({ function: fn, events: [tick as never] }).execute();
    expect((await exportRow(row.id)).status).toBe("expired");
  });
});

import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Engine } from "@portal/inngest-engine";
import {
  pointAppAtEngine,
  serveApp,
  startTestEngine,
  syncApp,
  uniqueSchema,
  waitFor,
  waitForRun,
  type ServedApp,
  type TestKeys,
} from "@portal/inngest-engine/testing";
import { exports, memberships } from "@/db/schema";
import type { ExportDeps } from "@/lib/export-requests/service";
import { createSchedule } from "@/lib/schedules/service";
import { addMember, createOrg, createUser, testDb } from "@/test/factories";

/* The tick through the real engine: a schedule tick event runs tick-schedules, which queues the due runs with their idempotent event ids. */
const { db, sql } = testDb();
let engine: Engine;
let keys: TestKeys;
let app: ServedApp;
let schema: string;
let send: (typeof import("@/inngest/client"))["inngest"]["send"];
let tickEvent: (typeof import("@/inngest/events"))["scheduleTickRequested"];
let deps: ExportDeps;

beforeAll(async () => {
  schema = uniqueSchema("ticks");
  const started = await startTestEngine("ticks", { schema });
  ({ engine, keys } = started);
  pointAppAtEngine(started);
  const { inngest } = await import("@/inngest/client");
  const { inngestExportEvents } = await import("@/inngest/export-events");
  const { createTickSchedules } = await import("./tick-schedules");
  ({ scheduleTickRequested: tickEvent } = await import("@/inngest/events"));
  send = inngest.send.bind(inngest);
  deps = { db, warehouse: sql, events: inngestExportEvents, deleteFile: async () => {}, fileExists: async () => true };
  // Served without its cron: only this file's tick events run it.
  app = await serveApp(inngest, [createTickSchedules(() => deps, { cron: null })]);
  expect((await syncApp(app.url)).status).toBe(200);
});
afterAll(async () => {
  await app?.close();
  await engine?.stop();
});

it("queues a due schedule's runs on a tick event, each export/requested event once under its schedule-run id", async () => {
  const org = await createOrg(db, "Ticks");
  const owner = await createUser(db, "analyst");
  await addMember(db, org, owner.id, "analyst", org.tenantIds[0]);
  const body = {
    name: "Hourly jobs",
    cadence: { every: "hour" },
    timezone: "UTC",
    mode: "fixed_window",
    tenantId: org.tenantIds[0],
    scope: { type: "tenant" },
    realm: "jobs",
    format: "csv",
  };
  const schedule = await createSchedule(
    deps,
    { userId: owner.id, context: { ip: null, userAgent: null } },
    org.organizationId,
    body,
    new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000 - 2 * 3_600_000 - 60_000),
  );
  await send(tickEvent.create({ organizationId: org.organizationId }));
  await waitForRun(engine.url, keys, "data-export-portal-tick-schedules", ["completed"]);
  const runs = await db.select().from(exports).where(eq(exports.scheduleId, schedule.id)).orderBy(asc(exports.intervalEnd));
  // Due at the last three full hours.
  expect(runs).toHaveLength(3);
  const ids = runs.map((r) => `schedule-run-${schedule.id}-${r.intervalEnd?.toISOString()}`);
  const stored = await waitFor("the runs' export/requested events", async () => {
    const rows = await sql<{ id: string; export_id: string }[]>`select id, payload->'data'->>'exportId' as export_id from ${sql(schema)}.events
      where name = 'export/requested' and id in ${sql(ids)}`;
    return rows.length === 3 ? rows : undefined;
  });
  expect(stored.map((r) => r.export_id).sort()).toEqual(runs.map((r) => r.id).sort());
  // Sent again under the same id (a retried tick), the engine keeps the one event it has.
  await deps.events.requested(
    { exportId: runs[0]?.id ?? "", organizationId: org.organizationId, tenantId: org.tenantIds[0], requestedBy: owner.id },
    { id: ids[0] },
  );
  const [{ n } = { n: 0 }] = await sql<{ n: number }[]>`select count(*)::int as n from ${sql(schema)}.events where id = ${ids[0] ?? ""}`;
  expect(n).toBe(1);
});

it("tells webhooks of a schedule the tick paused because its owner lost access", async () => {
  const org = await createOrg(db, "Ticks paused");
  const owner = await createUser(db, "analyst");
  await addMember(db, org, owner.id, "analyst", org.tenantIds[0]);
  const body = { name: "Lost", cadence: { every: "hour" }, timezone: "UTC", mode: "fixed_window", tenantId: org.tenantIds[0], scope: { type: "tenant" } };
  const actor = { userId: owner.id, context: { ip: null, userAgent: null } };
  const schedule = await createSchedule(deps, actor, org.organizationId, { ...body, realm: "jobs", format: "csv" }, new Date(Date.now() - 2 * 3_600_000));
  await db.delete(memberships).where(eq(memberships.userId, owner.id));
  await send(tickEvent.create({ organizationId: org.organizationId }));
  const told = await waitFor("the schedule.paused webhook event", async () => {
    const rows = await sql<{ id: string; data: Record<string, unknown> }[]>`select id, payload->'data'->'data' as data from ${sql(schema)}.events
      where name = 'webhook/event.emitted' and payload->'data'->>'type' = 'schedule.paused' and payload->'data'->'data'->>'scheduleId' = ${schedule.id}`;
    return rows.length > 0 ? rows : undefined;
  });
  expect(told).toHaveLength(1);
  expect(told[0]?.data).toMatchObject({ scheduleId: schedule.id, name: "Lost", reason: "The owner no longer has access: Tenant not found" });
  expect(JSON.stringify(told[0]?.data.links)).toContain(`/o/${org.organizationId}/t/${org.tenantIds[0]}/schedules/${schedule.id}"`);
});

import { eq } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emailOutbox, webhookDeliveries, webhookEndpoints } from "@/db/schema";
import { createWebhookEndpoint, listWebhookDeliveries, redeliverWebhook, rotateWebhookSecret } from "@/lib/webhooks/endpoints";
import { serveApp, startTestEngine, syncApp, pointAppAtEngine, uniqueSchema, waitFor, type ServedApp } from "@portal/inngest-engine/testing";
import type { Engine } from "@portal/inngest-engine";
import { addMember, createOrg, createUser, insertTestExport, testDb, type TestOrg } from "@/test/factories";
import { startReceiver, type WebhookReceiver } from "@/test/webhook-receiver";

/*
 * Webhook delivery through the real engine and the real SDK, against the real database, to real HTTP
 * receivers on 127.0.0.1 (so private addresses are allowed here, except where the refusal is the test).
 */
const { db, sql } = testDb();
const schema = uniqueSchema("hooks");
// Durable sleeps have a resolution of one second in the SDK, so the short schedule is in whole seconds.
const BACKOFF = [1_000, 2_000];
let engine: Engine;
let app: ServedApp;
let allowPrivate = true;
let org: TestOrg;
let admin: { id: string; email: string };
const receivers: WebhookReceiver[] = [];
const secrets: string[] = [];
type Modules = { emit: typeof import("@/lib/webhooks/emit"); inngest: typeof import("@/inngest/client").inngest; events: typeof import("@/inngest/events") };
let m: Modules;

const actor = () => ({ userId: admin.id, context: { ip: "127.0.0.1", userAgent: "vitest" } });
const deps = () => ({ db, allowPrivate, deliver: (id: string, round: number) => m.emit.queueWebhookDelivery(id, round) });

async function receiver(answer = 200) {
  const r = await startReceiver(answer);
  receivers.push(r);
  return r;
}

async function endpointFor(r: WebhookReceiver, events = ["export.completed", "export.failed"]) {
  const created = await createWebhookEndpoint({ db, allowPrivate: true }, actor(), org.organizationId, { url: r.url, events });
  secrets.push(created.secret);
  return created;
}

async function completeExport(values: Parameters<typeof insertTestExport>[3] = {}) {
  const exportId = await insertTestExport(db, org, admin.id, { status: "done", rowCount: 42, sizeBytes: 1234, completedAt: new Date(), ...values });
  await m.inngest.send(m.events.exportCompleted.create({ exportId, organizationId: org.organizationId, tenantId: org.tenantIds[0] }));
  return exportId;
}

const endpointRow = async (id: string) => (await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id)))[0];

beforeAll(async () => {
  const started = await startTestEngine("hooks", { schema, retryBaseDelayMs: 200 });
  engine = started.engine;
  pointAppAtEngine(started);
  const { inngest } = await import("@/inngest/client");
  const { createWebhookFanOut, createDeliverWebhook } = await import("./deliver-webhooks");
  m = { inngest, emit: await import("@/lib/webhooks/emit"), events: await import("@/inngest/events") };
  const fnDeps = () => ({ db, appUrl: "https://portal.example", allowPrivate });
  app = await serveApp(inngest, [createWebhookFanOut(fnDeps), createDeliverWebhook(fnDeps, { backoffMs: BACKOFF, attemptTimeoutMs: 5_000 })]);
  expect((await syncApp(app.url)).status).toBe(200);
  org = await createOrg(db, "Hooks");
  admin = await createUser(db, "hooks-admin");
  await addMember(db, org, admin.id, "admin");
});

afterAll(async () => {
  await app?.close();
  await engine?.stop();
  await Promise.all(receivers.map((r) => r.close()));
});

describe("webhook deliveries", () => {
  it("signs per Standard Webhooks (verified by the standardwebhooks library) with a thin payload, and logs the attempt", async () => {
    const r = await receiver();
    const endpoint = await endpointFor(r);
    const exportId = await completeExport();
    const [got] = await waitFor("the delivery", () => (r.received.length > 0 ? r.received : undefined));
    const verified = new Webhook(endpoint.secret).verify(got.body, got.headers) as { type: string; data: Record<string, unknown> };
    expect(verified.type).toBe("export.completed");
    expect(verified.data).toMatchObject({
      exportId,
      organizationId: org.organizationId,
      status: "done",
      rowCount: 42,
      sizeBytes: 1234,
      links: { export: `https://portal.example/exports?export=${exportId}`, api: `https://portal.example/api/v1/exports/${exportId}` },
    });
    expect(got.headers["webhook-id"]).toBe(`msg_export_completed_${exportId}`);
    expect(got.body).not.toMatch(/whsec_|X-Amz-|download/i);
    // Another secret does not verify it.
    expect(() => new Webhook(`whsec_${Buffer.alloc(32, 7).toString("base64")}`).verify(got.body, got.headers)).toThrow();
    const log = await waitFor("the logged attempt", async () => {
      const [d] = await listWebhookDeliveries({ db }, actor(), endpoint.id);
      return d?.status === "delivered" ? d : undefined;
    });
    expect(log.attempts).toHaveLength(1);
    expect(log.attempts[0]).toMatchObject({ status: 200, error: null });
  });

  it("retries a receiver answering 500 on the backoff schedule, then disables the endpoint and emails its owner", async () => {
    const r = await receiver(500);
    const endpoint = await endpointFor(r);
    await completeExport();
    const row = await waitFor(
      "the endpoint to be disabled",
      async () => ((await endpointRow(endpoint.id))?.disabledAt ? endpointRow(endpoint.id) : undefined),
      30_000,
    );
    expect(r.received).toHaveLength(BACKOFF.length + 1);
    const gaps = r.received.slice(1).map((x, i) => x.at - r.received[i].at);
    gaps.forEach((gap, i) => expect(gap, `wait before attempt ${i + 2}`).toBeGreaterThanOrEqual(BACKOFF[i] - 20));
    expect(new Set(r.received.map((x) => x.headers["webhook-id"])).size).toBe(1);
    expect(row?.disabledReason).toMatch(/Every attempt of a delivery failed \(3 attempts.*last answer was 500/);
    const [delivery] = await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, endpoint.id));
    expect(delivery.status).toBe("failed");
    expect(delivery.attempts.map((a) => a.status)).toEqual([500, 500, 500]);
    const mail = await waitFor("the owner's email", async () =>
      (await db.select().from(emailOutbox).where(eq(emailOutbox.to, admin.email))).find((e) => e.text.includes(r.url)),
    );
    expect(mail.subject).toBe("A webhook endpoint was disabled");
    // The link goes to the organization's own Admin → Webhooks, whichever workspace its owner last used.
    expect(mail.text).toContain(`/o/${org.organizationId}/admin/webhooks`);
  });

  it("disables the endpoint on a 410 at once, without further attempts, and emails its owner", async () => {
    const r = await receiver(410);
    const endpoint = await endpointFor(r);
    await completeExport();
    const row = await waitFor(
      "the endpoint to be disabled",
      async () => ((await endpointRow(endpoint.id))?.disabledAt ? endpointRow(endpoint.id) : undefined),
      20_000,
    );
    expect(row?.disabledReason).toMatch(/410 Gone/);
    await waitFor("the owner's email", async () =>
      (await db.select().from(emailOutbox).where(eq(emailOutbox.to, admin.email))).some((e) => e.text.includes(r.url)),
    );
    // Longer than the whole backoff: still one attempt.
    await new Promise((resolve) => setTimeout(resolve, 3_300));
    expect(r.received).toHaveLength(1);
  });

  it("refuses 127.0.0.1 without WEBHOOKS_ALLOW_PRIVATE, at registration and at delivery", async () => {
    const r = await receiver();
    const refused = createWebhookEndpoint({ db, allowPrivate: false }, actor(), org.organizationId, { url: r.url, events: ["export.completed"] });
    await expect(refused).rejects.toMatchObject({
      status: 422,
      message: expect.stringMatching(/127\.0\.0\.1 is a loopback, private or link-local address.*WEBHOOKS_ALLOW_PRIVATE=true/),
    });
    const endpoint = await endpointFor(r);
    allowPrivate = false;
    try {
      await completeExport();
      const attempt = await waitFor("a refused attempt", async () => {
        const [d] = await listWebhookDeliveries({ db }, actor(), endpoint.id);
        return d?.attempts[0];
      });
      expect(attempt).toMatchObject({ status: null, error: expect.stringMatching(/127\.0\.0\.1 is a loopback.*WEBHOOKS_ALLOW_PRIVATE/) });
    } finally {
      allowPrivate = true;
    }
    expect(r.received).toHaveLength(0);
  });

  it("signs with both secrets after a rotation, each verifying on its own", async () => {
    const r = await receiver();
    const endpoint = await endpointFor(r);
    const rotated = await rotateWebhookSecret({ db }, actor(), endpoint.id);
    secrets.push(rotated.secret);
    expect(rotated.secret).not.toBe(endpoint.secret);
    await completeExport();
    const [got] = await waitFor("the delivery", () => (r.received.length > 0 ? r.received : undefined));
    expect(got.headers["webhook-signature"].split(" ")).toHaveLength(2);
    expect(new Webhook(rotated.secret).verify(got.body, got.headers)).toMatchObject({ type: "export.completed" });
    expect(new Webhook(endpoint.secret).verify(got.body, got.headers)).toMatchObject({ type: "export.completed" });
  });

  it("redelivers with the same webhook-id, and sends schedule.paused only to endpoints that take it", async () => {
    const r = await receiver();
    const paused = await receiver();
    const endpoint = await endpointFor(r);
    await endpointFor(paused, ["schedule.paused"]);
    await completeExport();
    await waitFor("the first delivery", () => r.received.length === 1);
    const [delivery] = await waitFor("a delivered delivery", async () => {
      const list = await listWebhookDeliveries({ db }, actor(), endpoint.id);
      return list[0]?.status === "delivered" ? list : undefined;
    });
    await redeliverWebhook(deps(), actor(), endpoint.id, delivery.id);
    await waitFor("the redelivery", () => r.received.length === 2);
    expect(r.received[1].headers["webhook-id"]).toBe(r.received[0].headers["webhook-id"]);
    const after = await waitFor("two logged attempts", async () => {
      const [d] = await listWebhookDeliveries({ db }, actor(), endpoint.id);
      return d && d.attempts.length === 2 ? d : undefined;
    });
    expect(after.round).toBe(2);

    await m.emit.emitWebhookEvent(org.organizationId, "schedule.paused", { scheduleId: "s-1", reason: "The owner lost access." });
    const [got] = await waitFor("the schedule.paused delivery", () => (paused.received.length > 0 ? paused.received : undefined));
    expect(JSON.parse(got.body)).toMatchObject({ type: "schedule.paused", data: { scheduleId: "s-1", reason: "The owner lost access." } });
    expect(paused.received.filter((x) => JSON.parse(x.body).type !== "schedule.paused")).toHaveLength(0);
    expect(r.received).toHaveLength(2);
  });

  it("keeps every secret out of the engine's stored events, steps and run outputs", async () => {
    expect(secrets.length).toBeGreaterThanOrEqual(6);
    const rows = await sql.unsafe(
      `select payload::text as t from "${schema}".events union all select result::text from "${schema}".steps union all select coalesce(output::text, '') from "${schema}".runs`,
    );
    const stored = rows.map((row) => String(row.t)).join("\n");
    expect(stored).toContain("webhook/delivery.requested");
    for (const secret of secrets) {
      expect(stored).not.toContain(secret);
      expect(stored).not.toContain(secret.slice("whsec_".length));
    }
    expect(stored).not.toContain("whsec_");
  });
});

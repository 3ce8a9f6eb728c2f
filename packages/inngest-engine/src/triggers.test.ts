import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Engine } from "./index";
import { canonicalJson, signatureHeader } from "./signature";
import { listRuns, serveApp, startTestEngine, syncApp, testClient, testKeys, waitFor, waitForRun, type ServedApp, type TestKeys } from "../testing";

let engine: Engine;
let keys: TestKeys;
let app: ServedApp;
const filtered: string[] = [];
const ticks: Array<{ name: string; cron: unknown }> = [];

beforeAll(async () => {
  ({ engine, keys } = await startTestEngine("triggers"));
  const inngest = testClient("triggers", engine.url, keys);
  const functions = [
    inngest.createFunction(
      { id: "org-a-only", triggers: [{ event: "test/filtered", if: 'event.data.organizationId == "org-a"' }] },
      async ({ event, step }) => {
        await step.run("record", () => filtered.push(String(event.data.organizationId)));
      },
    ),
    inngest.createFunction({ id: "every-two-seconds", triggers: [{ cron: "*/2 * * * * *" }] }, async ({ event }) => {
      ticks.push({ name: event.name, cron: "cron" in event.data ? event.data.cron : undefined });
    }),
  ];
  app = await serveApp(inngest, functions);
  expect((await syncApp(app.url)).status).toBe(200);
});

afterAll(async () => {
  await app?.close();
  await engine?.stop();
});

describe("embedded engine: triggers and security", () => {
  it("filters events with the trigger's CEL expression", async () => {
    const inngest = testClient("triggers", engine.url, keys);
    await inngest.send([
      { name: "test/filtered", data: { organizationId: "org-b" } },
      { name: "test/filtered", data: { organizationId: "org-a" } },
    ]);
    await waitForRun(engine.url, keys, "triggers-org-a-only", ["completed"]);
    const runs = (await listRuns(engine.url, keys)).filter((run) => run.function === "triggers-org-a-only");
    expect(runs).toHaveLength(1);
    expect(filtered).toEqual(["org-a"]);
  });

  it("fires cron triggers as inngest/scheduled.timer runs, once per tick", async () => {
    await waitFor("two cron runs", () => ticks.length >= 2, 10_000);
    expect(ticks[0]).toEqual({ name: "inngest/scheduled.timer", cron: "*/2 * * * * *" });
    const runs = (await listRuns(engine.url, keys)).filter((run) => run.function === "triggers-every-two-seconds");
    expect(runs.every((run) => run.eventName === "inngest/scheduled.timer")).toBe(true);
    expect(new Set(runs.map((run) => run.id)).size).toBe(runs.length);
  });

  it("ignores a retried send that carries the same event id seed", async () => {
    const seed = `${Date.now()},c2VlZC1lbnRyb3B5`;
    const post = () =>
      fetch(`${engine.url}/e/${keys.eventKey}`, {
        method: "POST",
        headers: { "X-Inngest-Event-Id-Seed": seed },
        body: JSON.stringify([{ name: "test/filtered", data: { organizationId: "org-a", retried: true } }]),
      });
    const first = (await (await post()).json()) as { ids: string[]; status: number };
    const second = (await (await post()).json()) as { ids: string[]; status: number };
    expect(first.status).toBe(200);
    expect(second.ids).toEqual(first.ids);
    await waitFor("the retried event's run", () => filtered.length === 2);
    const runs = (await listRuns(engine.url, keys)).filter((run) => run.function === "triggers-org-a-only");
    expect(runs).toHaveLength(2);
  });

  it("refuses events sent with a wrong event key", async () => {
    const response = await fetch(`${engine.url}/e/not-the-key`, { method: "POST", body: JSON.stringify([{ name: "test/filtered", data: {} }]) });
    expect(response.status).toBe(401);
    const stranger = testClient("triggers", engine.url, { ...keys, eventKey: "wrong-key" });
    await expect(stranger.send({ name: "test/filtered", data: {} })).rejects.toThrow(/Event key/i);
  });

  it("serves the app in signed mode: unsigned or wrongly signed calls are refused, engine-signed ones run", async () => {
    const url = `${app.url}?fnId=triggers-org-a-only&stepId=step`;
    const event = { id: "e1", name: "test/filtered", data: { organizationId: "org-x" }, ts: Date.now() };
    const body = canonicalJson({
      event,
      events: [event],
      steps: {},
      ctx: { run_id: "manual-run", attempt: 0, disable_immediate_execution: false, use_api: false, stack: { stack: [], current: 0 } },
      version: -1,
    });
    const post = (signature?: string) =>
      fetch(url, { method: "POST", headers: { "Content-Type": "application/json", ...(signature ? { "X-Inngest-Signature": signature } : {}) }, body });
    expect((await post()).status).toBe(401);
    expect((await post(signatureHeader(body, testKeys().signingKey))).status).toBe(401);
    const signed = await post(signatureHeader(body, keys.signingKey));
    expect(signed.status).toBe(206);
    expect(await signed.json()).toMatchObject([{ op: "StepRun", displayName: "record" }]);
  });

  it("fails a sync loudly when a function uses an unsupported option", async () => {
    const inngest = testClient("triggers-bad", engine.url, keys);
    const rateLimited = inngest.createFunction(
      { id: "rate-limited", rateLimit: { limit: 1, period: "1m" }, triggers: [{ event: "test/rate" }] },
      async () => "never",
    );
    const badApp = await serveApp(inngest, [rateLimited]);
    try {
      const synced = await syncApp(badApp.url);
      expect(synced.status).toBe(400);
      expect(synced.body.message).toContain('function "triggers-bad-rate-limited" uses "rateLimit"');
    } finally {
      await badApp.close();
    }
  });

  it("refuses a sync signed with another signing key", async () => {
    const inngest = testClient("triggers-intruder", engine.url, testKeys());
    const intruder = await serveApp(inngest, [inngest.createFunction({ id: "x", triggers: [{ event: "test/x" }] }, async () => null)]);
    try {
      const synced = await syncApp(intruder.url);
      expect(synced.status).toBe(401);
      expect(synced.body.message).toMatch(/signing key/);
    } finally {
      await intruder.close();
    }
  });
});

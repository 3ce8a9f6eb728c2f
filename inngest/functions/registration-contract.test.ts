import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { parseRegistration } from "@portal/inngest-engine";
import { serveApp, syncApp, testKeys, type ServedApp } from "@portal/inngest-engine/testing";

/*
 * Contract: what the SDK in package.json sends when the portal syncs is what the embedded engine accepts.
 * A capturing server stands where the engine would be, so SDK drift shows up here as a failing parse.
 */
let captured: unknown;
let capture: http.Server;
let app: ServedApp;

beforeAll(async () => {
  capture = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      if (req.url?.startsWith("/fn/register")) captured = JSON.parse(body);
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ ok: true, status: 200, modified: true }));
    });
  });
  await new Promise<void>((resolve) => capture.listen(0, "127.0.0.1", resolve));
  const keys = testKeys();
  Object.assign(process.env, {
    INNGEST_BASE_URL: `http://127.0.0.1:${(capture.address() as AddressInfo).port}`,
    INNGEST_SIGNING_KEY: keys.signingKey,
    INNGEST_EVENT_KEY: keys.eventKey,
    INNGEST_DEV: "0",
    // The portal's own default (the test setup turns the tick's cron off for every other file).
    SCHEDULES_TICK_CRON: "* * * * *",
  });
  const { inngest } = await import("@/inngest/client");
  const { functions } = await import("./index");
  app = await serveApp(inngest, functions);
});

afterAll(async () => {
  await app?.close();
  await new Promise((r) => capture.close(r));
});

it("the portal's registration payload parses in the engine with every option it relies on", async () => {
  expect((await syncApp(app.url)).status).toBe(200);
  const registration = parseRegistration(captured);
  const byId = Object.fromEntries(registration.functions.map((f) => [f.id, f]));
  expect(Object.keys(byId).sort()).toEqual(
    [
      "data-export-portal-assemble-export",
      "data-export-portal-assemble-export-failure",
      "data-export-portal-discard-export-partitions",
      "data-export-portal-expire-exports",
      "data-export-portal-run-export",
      "data-export-portal-run-export-failure",
      "data-export-portal-run-export-partition",
      "data-export-portal-run-export-partition-failure",
      "data-export-portal-send-export-email",
      "data-export-portal-webhook-fan-out",
      "data-export-portal-deliver-webhook",
      "data-export-portal-tick-schedules",
      "data-export-portal-deliver-to-bucket",
      "data-export-portal-deliver-to-bucket-failure",
    ].sort(),
  );
  expect(byId["data-export-portal-run-export"]).toMatchObject({
    triggers: [{ event: "export/requested" }],
    maxAttempts: 4,
    concurrency: [{ key: "event.data.organizationId", limit: 10 }],
    cancel: [{ event: "export/cancelled", if: "async.data.exportId == event.data.exportId" }],
  });
  expect(byId["data-export-portal-run-export-failure"]?.triggers).toEqual([
    { event: "inngest/function.failed", expression: "event.data.function_id == 'data-export-portal-run-export'" },
  ]);
  // Partitions: bounded per export (the export's id as key) and in all (no key), stopped by the same cancel.
  expect(byId["data-export-portal-run-export-partition"]).toMatchObject({
    triggers: [{ event: "export/partition.requested" }],
    maxAttempts: 4,
    concurrency: [{ key: "event.data.exportId" }, { limit: expect.any(Number) }],
    cancel: [{ event: "export/cancelled", if: "async.data.exportId == event.data.exportId" }],
  });
  expect(byId["data-export-portal-run-export-partition"]?.concurrency?.[1]).not.toHaveProperty("key");
  expect(byId["data-export-portal-assemble-export"]).toMatchObject({ triggers: [{ event: "export/partitions.done" }], maxAttempts: 4 });
  expect(byId["data-export-portal-discard-export-partitions"]?.triggers).toEqual([{ event: "export/cancelled" }]);
  expect(byId["data-export-portal-send-export-email"]?.triggers).toEqual([{ event: "export/completed" }, { event: "export/failed" }]);
  expect(byId["data-export-portal-expire-exports"]?.triggers).toEqual([{ cron: "*/10 * * * *" }]);
  expect(byId["data-export-portal-webhook-fan-out"]?.triggers).toEqual([
    { event: "export/completed" },
    { event: "export/failed" },
    { event: "webhook/event.emitted" },
  ]);
  expect(byId["data-export-portal-deliver-webhook"]?.triggers).toEqual([{ event: "webhook/delivery.requested" }]);
  // The schedules' one minute tick, which a tick event can also start.
  expect(byId["data-export-portal-tick-schedules"]?.triggers).toEqual([{ cron: "* * * * *" }, { event: "schedule/tick.requested" }]);
  // A finished schedule run is copied to its schedule's bucket, retried as the engine retries a step.
  expect(byId["data-export-portal-deliver-to-bucket"]).toMatchObject({ triggers: [{ event: "export/completed" }], maxAttempts: 11 });
});

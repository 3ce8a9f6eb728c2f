import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Engine } from "./index";
import {
  delay,
  gate,
  listRuns,
  serveApp,
  startTestEngine,
  syncApp,
  testClient,
  uniqueSchema,
  waitFor,
  waitForRun,
  type ServedApp,
  type TestKeys,
} from "../testing";
import postgres from "postgres";

const flowSchema = uniqueSchema("flow");
let engine: Engine;
let keys: TestKeys;
let app: ServedApp;
const slowStep = gate();
const cancelSteps: string[] = [];
const starts: Array<{ org: string; index: number; at: number }> = [];
const inProgress = new Map<string, number>();
const maxInProgress = new Map<string, number>();

beforeAll(async () => {
  ({ engine, keys } = await startTestEngine("flow", { schema: flowSchema }));
  const inngest = testClient("flow", engine.url, keys);
  const functions = [
    inngest.createFunction(
      {
        id: "cancellable",
        triggers: [{ event: "test/export.requested" }],
        cancelOn: [{ event: "test/export.cancelled", if: "event.data.exportId == async.data.exportId", timeout: "1h" }],
      },
      async ({ step }) => {
        await step.run("first", () => cancelSteps.push("first"));
        await step.run("slow", async () => {
          cancelSteps.push("slow:start");
          await slowStep.promise;
          cancelSteps.push("slow:end");
        });
        await step.run("after-slow", () => cancelSteps.push("after-slow"));
      },
    ),
    inngest.createFunction(
      { id: "limited", concurrency: [{ key: "event.data.org", limit: 2 }], triggers: [{ event: "test/limited" }] },
      async ({ event, step }) => {
        const org = String(event.data.org);
        await step.run("start", () => {
          starts.push({ org, index: Number(event.data.index), at: Date.now() });
          const now = (inProgress.get(org) ?? 0) + 1;
          inProgress.set(org, now);
          maxInProgress.set(org, Math.max(maxInProgress.get(org) ?? 0, now));
        });
        await step.sleep("hold", "1s");
        await step.run("finish", () => inProgress.set(org, (inProgress.get(org) ?? 1) - 1));
      },
    ),
  ];
  app = await serveApp(inngest, functions);
  expect((await syncApp(app.url)).status).toBe(200);
});

afterAll(async () => {
  slowStep.open();
  await app?.close();
  await engine?.stop();
});

describe("embedded engine: cancellation and concurrency", () => {
  it("cancels a running run on a matching cancelOn event; no later step runs", async () => {
    const inngest = testClient("flow", engine.url, keys);
    await inngest.send({ name: "test/export.requested", data: { exportId: "exp-1" } });
    await waitFor("the slow step to start", () => cancelSteps.includes("slow:start"));
    await inngest.send({ name: "test/export.cancelled", data: { exportId: "exp-other" } });
    await delay(300);
    expect((await listRuns(engine.url, keys)).find((run) => run.function === "flow-cancellable")?.status).toBe("running");
    await inngest.send({ name: "test/export.cancelled", data: { exportId: "exp-1" } });
    await waitForRun(engine.url, keys, "flow-cancellable", ["cancelled"]);
    // The step that was in flight finishes in the app, but its result is dropped and nothing follows it.
    slowStep.open();
    await waitFor("the slow step to end", () => cancelSteps.includes("slow:end"));
    await delay(1000);
    expect(cancelSteps).toEqual(["first", "slow:start", "slow:end"]);
  });

  it("keeps at most `limit` runs per key in progress, starting them in event order, other keys unaffected", async () => {
    const inngest = testClient("flow", engine.url, keys);
    await inngest.send(Array.from({ length: 6 }, (_, index) => ({ name: "test/limited", data: { org: "org-a", index } })));
    await waitFor("org-a's first two runs to start", () => starts.filter((start) => start.org === "org-a").length >= 2);
    await inngest.send({ name: "test/limited", data: { org: "org-b", index: 0 } });
    await waitFor(
      "all seven runs to complete",
      async () => (await listRuns(engine.url, keys)).filter((run) => run.function === "flow-limited" && run.status === "completed").length === 7,
      30_000,
    );
    const orgA = starts.filter((start) => start.org === "org-a");
    // First in, first out is about admission: in event order, no run of a key is admitted before an
    // earlier one. (Runs admitted in the same pass may make their first call in either order, so the
    // app's own start times are not the measure.)
    const sql = postgres(process.env.DATABASE_URL ?? "", { max: 1, onnotice: () => {} });
    const admitted = await sql.unsafe<{ index: number; started_ms: number }[]>(
      `select (e.payload->'data'->>'index')::int as index, (extract(epoch from r.started_at) * 1000)::float8 as started_ms from "${flowSchema}".runs r
       join "${flowSchema}".events e on e.internal_id = r.event_internal_id
       where r.event_name = 'test/limited' and e.payload->'data'->>'org' = 'org-a' order by r.event_ts, r.seq`,
    );
    await sql.end();
    expect(admitted.map((r) => r.index)).toEqual([0, 1, 2, 3, 4, 5]);
    for (let i = 1; i < admitted.length; i++) expect(Number(admitted[i]?.started_ms)).toBeGreaterThanOrEqual(Number(admitted[i - 1]?.started_ms));
    expect(new Set(orgA.map((start) => start.index))).toEqual(new Set([0, 1, 2, 3, 4, 5]));
    expect(maxInProgress.get("org-a")).toBe(2);
    const orgB = starts.find((start) => start.org === "org-b");
    // org-b did not queue behind org-a's backlog: it started before org-a's last run.
    expect(orgB?.at).toBeLessThan(orgA[5].at);
  });
});

import { NonRetriableError } from "inngest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Engine } from "./index";
import { serveApp, startTestEngine, syncApp, testClient, waitFor, waitForRun, type ServedApp, type TestKeys } from "../testing";

let engine: Engine;
let keys: TestKeys;
let app: ServedApp;
const calls = new Map<string, number>();
const times = new Map<string, number>();
const failures: Array<{ message: string; functionId: unknown }> = [];

function count(name: string): number {
  calls.set(name, (calls.get(name) ?? 0) + 1);
  times.set(name, Date.now());
  return calls.get(name) ?? 0;
}

beforeAll(async () => {
  ({ engine, keys } = await startTestEngine("basic"));
  const inngest = testClient("basic", engine.url, keys);
  const functions = [
    inngest.createFunction({ id: "multi-step", triggers: [{ event: "test/multi" }] }, async ({ event, step }) => {
      const a = await step.run("a", () => (count("multi:a"), `${String(event.data.input)}-a`));
      const b = await step.run("b", () => (count("multi:b"), `${a}-b`));
      const c = await step.run("c", () => (count("multi:c"), `${b}-c`));
      return { result: c };
    }),
    inngest.createFunction({ id: "parallel", triggers: [{ event: "test/parallel" }] }, async ({ step }) => {
      const parts = await Promise.all(["p1", "p2", "p3"].map((id) => step.run(id, () => (count(`parallel:${id}`), id.toUpperCase()))));
      const joined = await step.run("join", () => (count("parallel:join"), parts.join("+")));
      return { joined };
    }),
    inngest.createFunction({ id: "flaky", retries: 2, triggers: [{ event: "test/flaky" }] }, async ({ step }) => {
      const value = await step.run("flaky-step", () => {
        if (count("flaky:attempt") < 3) throw new Error("temporary outage");
        return "recovered";
      });
      await step.run("after", () => count("flaky:after"));
      return value;
    }),
    inngest.createFunction(
      {
        id: "doomed",
        retries: 3,
        triggers: [{ event: "test/doomed" }],
        onFailure: async ({ error, event, step }) => {
          await step.run("record-failure", () => failures.push({ message: error.message, functionId: event.data.function_id }));
        },
      },
      async ({ step }) => {
        await step.run("fatal", () => {
          count("doomed:fatal");
          throw new NonRetriableError("the export request is invalid");
        });
        await step.run("never", () => count("doomed:never"));
      },
    ),
    inngest.createFunction({ id: "waiter", triggers: [{ event: "test/wait" }] }, async ({ step }) => {
      await step.waitForEvent("approval", { event: "test/approved", timeout: "1h" });
    }),
    inngest.createFunction({ id: "sleeper", triggers: [{ event: "test/sleep" }] }, async ({ step }) => {
      await step.run("before", () => count("sleep:before"));
      await step.sleep("nap", "1s");
      await step.run("after", () => count("sleep:after"));
    }),
  ];
  app = await serveApp(inngest, functions);
  const synced = await syncApp(app.url);
  expect(synced.status).toBe(200);
});

afterAll(async () => {
  await app?.close();
  await engine?.stop();
});

async function send(name: string, data: Record<string, unknown> = {}) {
  const inngest = testClient("basic", engine.url, keys);
  return inngest.send({ name, data });
}

describe("embedded engine: steps", () => {
  it("runs a multi-step function to completion, executing each step body once", async () => {
    const { ids } = await send("test/multi", { input: "x" });
    expect(ids).toHaveLength(1);
    const run = await waitForRun(engine.url, keys, "basic-multi-step", ["completed"]);
    expect(run.eventName).toBe("test/multi");
    expect([calls.get("multi:a"), calls.get("multi:b"), calls.get("multi:c")]).toEqual([1, 1, 1]);
  });

  it("runs parallel steps (Promise.all) once each and continues after all of them", async () => {
    await send("test/parallel");
    await waitForRun(engine.url, keys, "basic-parallel", ["completed"]);
    expect(["p1", "p2", "p3", "join"].map((id) => calls.get(`parallel:${id}`))).toEqual([1, 1, 1, 1]);
  });

  it("retries a failing step with backoff until it succeeds", async () => {
    await send("test/flaky");
    const run = await waitForRun(engine.url, keys, "basic-flaky", ["completed", "failed"]);
    expect(run.status).toBe("completed");
    expect(calls.get("flaky:attempt")).toBe(3);
    expect(calls.get("flaky:after")).toBe(1);
  });

  it("fails for good on NonRetriableError and runs the onFailure handler with the error", async () => {
    await send("test/doomed");
    const run = await waitForRun(engine.url, keys, "basic-doomed", ["failed", "completed"]);
    expect(run.status).toBe("failed");
    expect(run.error?.message).toContain("the export request is invalid");
    await waitForRun(engine.url, keys, "basic-doomed-failure", ["completed"]);
    expect(calls.get("doomed:fatal")).toBe(1);
    expect(calls.get("doomed:never")).toBeUndefined();
    expect(failures).toEqual([{ message: "the export request is invalid", functionId: "basic-doomed" }]);
  });

  it("fails a run that uses a step operation the engine does not support, saying which", async () => {
    await send("test/wait");
    const run = await waitForRun(engine.url, keys, "basic-waiter", ["failed", "completed"]);
    expect(run.status).toBe("failed");
    expect(run.error?.message).toBe('Step "approval" uses the WaitForEvent operation, which the embedded Inngest engine does not support');
  });

  it("sleeps between steps and resumes after the duration", async () => {
    await send("test/sleep");
    await waitFor("the step before the sleep", () => calls.get("sleep:before"));
    await waitForRun(engine.url, keys, "basic-sleeper", ["completed"]);
    const slept = (times.get("sleep:after") ?? 0) - (times.get("sleep:before") ?? 0);
    expect(slept).toBeGreaterThanOrEqual(1000);
    expect([calls.get("sleep:before"), calls.get("sleep:after")]).toEqual([1, 1]);
  });
});

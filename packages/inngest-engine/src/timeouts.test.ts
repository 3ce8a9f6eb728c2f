import { Agent, getGlobalDispatcher, setGlobalDispatcher, type Dispatcher } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Engine } from "./index";
import { delay, serveApp, startTestEngine, syncApp, testClient, waitForRun, type ServedApp, type TestKeys } from "../testing";

/*
 * The SDK answers a call only once its step has finished, so a call lasts as long as its step. fetch's own
 * client gives up after 300 s without an answer; here its timeouts are shortened to 1 s, so a 3 s step
 * stands for a step of more than 5 minutes without the test taking that long.
 */
const SHORT_FETCH_TIMEOUT_MS = 1_000;
const STEP_MS = 3_000;

interface Setup {
  engine: Engine;
  keys: TestKeys;
  app: ServedApp;
  attempts: number[];
}

let platformDispatcher: Dispatcher;

async function setUp(label: string, requestTimeoutMs: number, stepMs: (attempt: number) => number): Promise<Setup> {
  const { engine, keys } = await startTestEngine(label, { requestTimeoutMs, retryBaseDelayMs: 100 });
  const inngest = testClient(label, engine.url, keys);
  const attempts: number[] = [];
  const slow = inngest.createFunction({ id: "slow", retries: 3, triggers: [{ event: "test/slow" }] }, async ({ step, attempt }) => {
    return step.run("long-step", async () => {
      attempts.push(attempt);
      await delay(stepMs(attempt));
      return { finishedOnAttempt: attempt };
    });
  });
  const app = await serveApp(inngest, [slow]);
  expect((await syncApp(app.url)).status).toBe(200);
  return { engine, keys, app, attempts };
}

async function tearDown(setup: Setup | undefined): Promise<void> {
  await setup?.app.close();
  await setup?.engine.stop();
}

async function runOnce(label: string, { engine, keys }: Setup) {
  await testClient(label, engine.url, keys).send({ name: "test/slow", data: {} });
  return waitForRun(engine.url, keys, `${label}-slow`, ["completed", "failed"], 30_000);
}

beforeAll(() => {
  platformDispatcher = getGlobalDispatcher();
  setGlobalDispatcher(new Agent({ headersTimeout: SHORT_FETCH_TIMEOUT_MS, bodyTimeout: SHORT_FETCH_TIMEOUT_MS }));
});

afterAll(() => setGlobalDispatcher(platformDispatcher));

// One engine at a time: graphile-worker stops every worker on the database when another one installs its schema.
describe("a step longer than fetch's default timeouts", () => {
  let setup: Setup | undefined;
  beforeAll(async () => {
    setup = await setUp("timeouts_long", 60_000, () => STEP_MS);
  });
  afterAll(() => tearDown(setup));

  it("is waited for, up to the engine's own limit, and finishes in one attempt", async () => {
    if (!setup) throw new Error("no engine");
    const run = await runOnce("timeouts_long", setup);
    expect(run.status).toBe("completed");
    expect(setup.attempts).toEqual([0]);
  });
});

describe("a step longer than the engine's own limit", () => {
  let setup: Setup | undefined;
  beforeAll(async () => {
    // The first attempt outlasts this engine's limit; the retry is quick.
    setup = await setUp("timeouts_short", 1_000, (attempt) => (attempt === 0 ? STEP_MS : 0));
  });
  afterAll(() => tearDown(setup));

  it("is given up on and retried", async () => {
    if (!setup) throw new Error("no engine");
    const run = await runOnce("timeouts_short", setup);
    expect(run.status).toBe("completed");
    expect(setup.attempts).toEqual([0, 1]);
  });
});

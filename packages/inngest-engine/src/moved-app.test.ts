import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Engine } from "./index";
import { delay, gate, serveApp, startTestEngine, syncApp, testClient, uniqueSchema, waitFor, waitForRun, type ServedApp, type TestKeys } from "../testing";

/*
 * An app that goes away mid-run and comes back on another port (a restart, a deploy): the run follows the
 * app's latest sync, and the time the app could not be reached is not counted against the function's retries.
 */
const schema = uniqueSchema("moved");
const sql = postgres(process.env.DATABASE_URL ?? "", { max: 2, onnotice: () => {} });
let engine: Engine;
let keys: TestKeys;
let logs: string[];
const apps: ServedApp[] = [];
/** What each execution of a step saw: which step and at which attempt (the SDK's `attempt`, 0 for the first). */
const seen: Array<{ step: string; attempt: number; app: number }> = [];
let serving = 0;
const slowStep = gate();
let slowStarted = false;

const client = () => testClient("moved", engine.url, keys);
let functions: ReturnType<typeof build>;

function build(inngest: ReturnType<typeof testClient>) {
  return [
    // Two attempts only: a few unreachable calls counted as attempts would fail this run.
    inngest.createFunction({ id: "mover", retries: 1, triggers: [{ event: "test/move" }] }, async ({ step, attempt }) => {
      await step.run("first", () => seen.push({ step: "first", attempt, app: serving }));
      await step.run("slow", async () => {
        seen.push({ step: "slow", attempt, app: serving });
        slowStarted = true;
        await slowStep.promise;
      });
      return step.run("last", () => (seen.push({ step: "last", attempt, app: serving }), `finished on app ${serving}`));
    }),
  ];
}

async function serveOnNewPort(): Promise<ServedApp> {
  const app = await serveApp(client(), functions);
  apps.push(app);
  serving = apps.length;
  const sync = await syncApp(app.url);
  expect(sync.status).toBe(200);
  return app;
}

beforeAll(async () => {
  ({ engine, keys, logs } = await startTestEngine("moved", { schema, unreachableTimeoutMs: 20_000 }));
  functions = build(client());
});

afterAll(async () => {
  slowStep.open();
  for (const app of apps) await app.close();
  await engine?.stop();
  await sql.end();
});

describe("a run whose app moves to another address", () => {
  it("waits while the app is down, then finishes at the app's new address without using up its attempts", async () => {
    const first = await serveOnNewPort();
    await client().send({ name: "test/move", data: {} });
    await waitFor("the slow step to start on the first app", () => slowStarted);

    // The app dies mid-step (its connections reset) and stays down for a while: every call is refused.
    await first.close();
    const downFor = 5_000;
    await delay(downFor);
    const running = await waitForRun(engine.url, keys, "moved-mover", ["running", "failed", "completed"]);
    expect(running.status).toBe("running");
    const waiting = await sql.unsafe<{ attempt: number; error: { message: string } }[]>(
      `select attempt, error from "${schema}".calls where status = 'done' and error is not null order by id`,
    );
    // Several calls failed to connect, all at the first attempt, each naming the old address.
    expect(waiting.length).toBeGreaterThanOrEqual(3);
    for (const call of waiting) {
      expect(call.attempt).toBe(0);
      expect(call.error.message).toContain(`Could not reach ${new URL(first.url).origin}`);
    }
    expect(logs.some((line) => line.includes("waiting for the app"))).toBe(true);

    const second = await serveOnNewPort();
    expect(new URL(second.url).port).not.toBe(new URL(first.url).port);
    await waitFor("the slow step to run again on the new app", () => seen.some((s) => s.step === "slow" && s.app === 2), 10_000);
    slowStep.open();
    const done = await waitForRun(engine.url, keys, "moved-mover", ["completed", "failed"], 15_000);
    expect(done.error).toBeNull();
    expect(done.status).toBe("completed");

    // Every execution was a first attempt; the step cut off on the first app ran once more, on the second.
    expect(seen).toEqual([
      { step: "first", attempt: 0, app: 1 },
      { step: "slow", attempt: 0, app: 1 },
      { step: "slow", attempt: 0, app: 2 },
      { step: "last", attempt: 0, app: 2 },
    ]);
    const [run] = await sql.unsafe<{ output: string }[]>(`select output from "${schema}".runs where function_id = 'moved-mover'`);
    expect(run.output).toBe("finished on app 2");
  }, 60_000);
});

import type { ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "./free-port";
import {
  gate,
  killHard,
  listRuns,
  serveApp,
  startEngineProcess,
  syncApp,
  testClient,
  testKeys,
  uniqueSchema,
  waitFor,
  waitForRun,
  type ServedApp,
} from "../testing";

const keys = testKeys();
const schema = uniqueSchema("durable");
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "engine-durable-"));
let port: number;
let engineUrl: string;
let child: ChildProcess | undefined;
let app: ServedApp;
const executed = new Map<string, number>();
const thirdStep = gate();
let thirdStarted = false;

const startEngine = () => startEngineProcess({ port, schema, keys, dataDir });

function count(name: string): void {
  executed.set(name, (executed.get(name) ?? 0) + 1);
}

beforeAll(async () => {
  port = await freePort();
  engineUrl = `http://127.0.0.1:${port}`;
  child = await startEngine();
  const inngest = testClient("durable", engineUrl, keys);
  const fn = inngest.createFunction({ id: "survivor", triggers: [{ event: "test/durable" }] }, async ({ step }) => {
    await step.run("one", () => count("one"));
    await step.sleep("pause", "2s");
    await step.run("two", () => count("two"));
    await step.run("three", async () => {
      count("three");
      thirdStarted = true;
      await thirdStep.promise;
    });
    await step.run("four", () => count("four"));
    return "survived";
  });
  app = await serveApp(inngest, [fn]);
  expect((await syncApp(app.url)).status).toBe(200);
});

afterAll(async () => {
  thirdStep.open();
  await killHard(child);
  await app?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe("embedded engine: durability", () => {
  it("loses nothing when killed with SIGKILL while sleeping and mid-step", async () => {
    await testClient("durable", engineUrl, keys).send({ name: "test/durable", data: {} });
    const sql = postgres(process.env.DATABASE_URL ?? "", { max: 1, onnotice: () => {} });
    try {
      await waitFor("the run to be sleeping", async () => {
        const [row] = await sql<{ sleeping: boolean }[]>`
          select exists (select 1 from ${sql(schema)}.calls where kind = 'wake' and status = 'pending') as sleeping`;
        return row.sleeping;
      });
    } finally {
      await sql.end();
    }
    // Killed while the run sleeps: the wake-up is a job in Postgres, not a timer in the dead process.
    await killHard(child);
    child = await startEngine();
    await waitFor("step three to start", () => thirdStarted, 20_000);
    // Killed while step three executes: it is not memoized, so it runs again after the restart.
    await killHard(child);
    thirdStep.open();
    child = await startEngine();
    const run = await waitForRun(engineUrl, keys, "durable-survivor", ["completed", "failed"], 30_000);
    expect(run.status).toBe("completed");
    expect(Object.fromEntries(executed)).toEqual({ one: 1, two: 1, three: 2, four: 1 });
    expect((await listRuns(engineUrl, keys)).filter((r) => r.function === "durable-survivor")).toHaveLength(1);
  });

  it("stops cleanly on SIGTERM", async () => {
    const proc = child;
    if (!proc) throw new Error("the engine process is not running");
    const exited = new Promise<number | null>((resolve) => proc.once("exit", (code) => resolve(code)));
    proc.kill("SIGTERM");
    expect(await exited).toBe(0);
  });
});

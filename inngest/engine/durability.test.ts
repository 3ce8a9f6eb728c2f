import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../test/free-port";
import { gate, listRuns, serveApp, syncApp, testClient, testKeys, uniqueSchema, waitFor, waitForRun, type ServedApp } from "./testing";

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

/** The engine as `npm start` runs it: its own process, killable with SIGKILL. */
async function startEngineProcess(): Promise<ChildProcess> {
  const proc = spawn(process.execPath, ["--import", "tsx", path.resolve(import.meta.dirname, "main.ts")], {
    env: {
      ...process.env,
      INNGEST_ENGINE_PORT: String(port),
      INNGEST_ENGINE_SCHEMA: schema,
      INNGEST_ENGINE_CONCURRENCY: "4",
      INNGEST_SIGNING_KEY: keys.signingKey,
      INNGEST_EVENT_KEY: keys.eventKey,
      DATA_DIR: dataDir,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  proc.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  proc.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  await waitFor("the engine process to be ready", () => output.includes("ready at") || (proc.exitCode !== null ? Promise.reject(new Error(output)) : false), 30_000);
  return proc;
}

async function kill(proc: ChildProcess | undefined): Promise<void> {
  if (!proc || proc.exitCode !== null) return;
  const exited = new Promise((resolve) => proc.once("exit", resolve));
  proc.kill("SIGKILL");
  await exited;
}

function count(name: string): void {
  executed.set(name, (executed.get(name) ?? 0) + 1);
}

beforeAll(async () => {
  port = await freePort();
  engineUrl = `http://127.0.0.1:${port}`;
  child = await startEngineProcess();
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
  await kill(child);
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
    await kill(child);
    child = await startEngineProcess();
    await waitFor("step three to start", () => thirdStarted, 20_000);
    // Killed while step three executes: it is not memoized, so it runs again after the restart.
    await kill(child);
    thirdStep.open();
    child = await startEngineProcess();
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

import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Engine } from "./index";
import { pruneHistory } from "./prune";
import { serveApp, startTestEngine, syncApp, testClient, uniqueSchema, waitFor, waitForRun, type ServedApp, type TestKeys } from "../testing";

/*
 * Retention against the real engine and Postgres: runs are made by real events, then aged by moving their
 * timestamps back, as if the days had gone by.
 */
const schema = uniqueSchema("prune");
let engine: Engine;
let keys: TestKeys;
let app: ServedApp;
let sql: postgres.Sql;
let release: () => void = () => {};
const held = new Promise<void>((resolve) => (release = resolve));

beforeAll(async () => {
  ({ engine, keys } = await startTestEngine("prune", { schema }));
  const inngest = testClient("prune", engine.url, keys);
  app = await serveApp(inngest, [
    inngest.createFunction({ id: "quick", triggers: [{ event: "test/quick" }] }, async ({ step }) => step.run("only", () => "done")),
    inngest.createFunction({ id: "held", triggers: [{ event: "test/held" }] }, async ({ step }) => step.run("wait", () => held.then(() => "released"))),
  ]);
  expect((await syncApp(app.url)).status).toBe(200);
  sql = postgres(process.env.DATABASE_URL ?? "", { max: 1, onnotice: () => {}, connection: { search_path: schema } });
});

afterAll(async () => {
  release();
  await sql?.end();
  await app?.close();
  await engine?.stop();
});

async function send(name: string) {
  await testClient("prune", engine.url, keys).send({ name, data: {} });
}

const count = async (table: string) => (await sql.unsafe<{ n: number }[]>(`select count(*)::int as n from ${table}`))[0]?.n ?? 0;

describe("pruneHistory", () => {
  it("forgets finished runs, their steps and events past the cutoff, and keeps recent and unfinished ones", async () => {
    await send("test/quick");
    await waitForRun(engine.url, keys, "prune-quick", ["completed"]);
    await send("test/held");
    await waitForRun(engine.url, keys, "prune-held", ["running"]);
    // An event that started nothing, and the runs so far, are aged by 40 days; then a fresh run follows.
    await sql`insert into events (internal_id, id, name, payload, ts, received_at) values ('orphan', 'orphan', 'test/nobody', '{}', 0, now() - interval '40 days')`;
    await sql`update runs set queued_at = queued_at - interval '40 days', started_at = started_at - interval '40 days', ended_at = ended_at - interval '40 days'`;
    await sql`update events set received_at = now() - interval '40 days'`;
    await send("test/quick");
    await waitFor(
      "a second completed quick run",
      async () => (await sql`select 1 from runs where function_id like '%quick' and status = 'completed' and ended_at > now() - interval '1 day'`).length > 0,
    );
    const before = { runs: await count("runs"), steps: await count("steps"), events: await count("events") };

    const pruned = await pruneHistory(sql, new Date(Date.now() - 30 * 86_400_000));

    // The old completed run, its step and its event, and the orphan event, are gone.
    expect(pruned).toMatchObject({ runs: 1, events: 2 });
    expect(await count("runs")).toBe(before.runs - 1);
    expect(await count("steps")).toBe(before.steps - 1);
    expect(await count("events")).toBe(before.events - 2);
    // The old run still running, with its event, and the recent run remain.
    const left = await sql<{ function_id: string; status: string }[]>`select function_id, status from runs order by queued_at`;
    expect(left.map((r) => `${r.function_id.replace(/^.*-/, "")}:${r.status}`)).toEqual(["held:running", "quick:completed"]);
    expect(await count("events")).toBe(2);

    // Pruning again changes nothing; the held run then finishes normally.
    expect(await pruneHistory(sql, new Date(Date.now() - 30 * 86_400_000))).toEqual({ runs: 0, events: 0, cronTicks: 0 });
    release();
    await waitForRun(engine.url, keys, "prune-held", ["completed"]);
  });
});

import { describe, expect, it } from "vitest";
import { serveApp, startTestEngine, syncApp, testClient, waitForRun } from "../testing";

/*
 * An app that never comes back: the run fails after the engine's unreachable limit, however few retries the
 * function has. (Its own file: a second fresh engine in one database stops the first one's graphile workers,
 * whose migration NOTIFY is database-wide.)
 */
describe("a run whose app stays unreachable", () => {
  it("fails after the engine's unreachable limit, naming the address and how long it waited", async () => {
    const limited = await startTestEngine("moved_limit", { unreachableTimeoutMs: 3_000 });
    const inngest = testClient("gone", limited.engine.url, limited.keys);
    const fn = inngest.createFunction({ id: "gone", retries: 0, triggers: [{ event: "test/gone" }] }, async ({ step }) => step.run("only", () => "never"));
    const app = await serveApp(inngest, [fn]);
    try {
      expect((await syncApp(app.url)).status).toBe(200);
      await app.close();
      const startedAt = Date.now();
      await inngest.send({ name: "test/gone", data: {} });
      const failed = await waitForRun(limited.engine.url, limited.keys, "gone-gone", ["failed", "completed"], 15_000);
      expect(failed.status).toBe("failed");
      // retries: 0 is a single attempt, yet the run kept calling for the whole limit.
      expect(Date.now() - startedAt).toBeGreaterThanOrEqual(3_000);
      expect(failed.error?.message).toMatch(new RegExp(`^Could not reach ${new URL(app.url).origin} for [34] s \\(since .+; the engine waits up to 3 s\\): `));
      expect(failed.error?.message).toContain("ECONNREFUSED");
    } finally {
      await limited.engine.stop();
    }
  }, 30_000);
});

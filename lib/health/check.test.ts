import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/config/env";
import { testDb } from "@/test/factories";
import { checkHealth } from "./check";

const { sql } = testDb();
let engine: http.Server;
let engineUrl = "";
const KEY = "signkey-test-0123abcd";

beforeAll(async () => {
  // A stand-in for the engine's health endpoint: the check only asks whether it answers 200.
  engine = http.createServer((req, res) => res.writeHead(req.url === "/health" ? 200 : 404).end());
  await new Promise<void>((resolve) => engine.listen(0, "127.0.0.1", resolve));
  engineUrl = `http://127.0.0.1:${(engine.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => engine.close(resolve)));

describe("checkHealth, with the engine named by the validated configuration", () => {
  it("reports the embedded engine the launcher marks with INNGEST_EMBEDDED=1, and the database", async () => {
    const report = await checkHealth(sql, parseEnv({ INNGEST_BASE_URL: `${engineUrl}/`, INNGEST_SIGNING_KEY: KEY, INNGEST_EMBEDDED: "1" }));
    expect(report).toMatchObject({ status: "ok", database: { ok: true }, engine: { ok: true, kind: "embedded", url: engineUrl } });
  });

  it("calls a self-hosted engine external, and degraded when it does not answer", async () => {
    const up = await checkHealth(sql, parseEnv({ INNGEST_BASE_URL: engineUrl, INNGEST_SIGNING_KEY: KEY }));
    expect(up.engine).toEqual({ ok: true, kind: "external", url: engineUrl });
    const down = await checkHealth(sql, parseEnv({ INNGEST_BASE_URL: "http://127.0.0.1:9", INNGEST_SIGNING_KEY: KEY }));
    expect(down).toMatchObject({ status: "degraded", engine: { ok: false, kind: "external", error: expect.stringMatching(/fetch failed|ECONNREFUSED/) } });
  });

  it("without a base URL, Inngest Cloud is configured only with a signing key", async () => {
    expect((await checkHealth(sql, parseEnv({}))).engine).toEqual({ ok: false, kind: "inngest-cloud", url: null, error: "no job engine configured" });
    expect((await checkHealth(sql, parseEnv({ INNGEST_SIGNING_KEY: KEY }))).engine).toEqual({ ok: true, kind: "inngest-cloud", url: null });
  });
});

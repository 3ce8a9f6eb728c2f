import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Engine } from "@portal/inngest-engine";
import { startTestEngine, uniqueSchema, pointAppAtEngine } from "@portal/inngest-engine/testing";
import { CLIENT_ADDRESS_HEADER } from "@/lib/http/client-address";
import { testDb } from "@/test/factories";

/*
 * PUT /api/inngest registers the portal's functions with the engine. Called here as Next calls the route,
 * against a real engine; CLIENT_ADDRESS_HEADER is what the portal's server (scripts/server.ts) sets from
 * the connection.
 */
const schema = uniqueSchema("sync");
let engine: Engine;
let PUT: (r: NextRequest, ctx: unknown) => Promise<Response>;
const SERVE_ORIGIN = "http://127.0.0.1:3999";

beforeAll(async () => {
  const started = await startTestEngine("sync", { schema });
  engine = started.engine;
  pointAppAtEngine(started, { INNGEST_SERVE_ORIGIN: SERVE_ORIGIN });
  ({ PUT } = await import("./route"));
});
afterAll(async () => {
  await engine?.stop();
});

const registered = async () => (await testDb().sql.unsafe(`select url from "${schema}".apps`)) as unknown as { url: string }[];
const sync = (from: string, headers: Record<string, string> = {}) =>
  PUT(new NextRequest("http://portal.example/api/inngest", { method: "PUT", headers: { [CLIENT_ADDRESS_HEADER]: from, ...headers } }), {});

describe("PUT /api/inngest", () => {
  it("is refused from another machine, and nothing is registered", async () => {
    for (const from of ["203.0.113.9", "::ffff:10.0.0.4"]) {
      const res = await sync(from);
      expect(res.status).toBe(403);
      expect(((await res.json()) as { detail: string }).detail).toBe(
        "Functions are registered from the portal's own machine (npm start does it), with the signing key, or by Inngest's signed in-band sync.",
      );
    }
    // An unsigned claim of an in-band sync is not enough either.
    expect((await sync("203.0.113.9", { "x-inngest-sync-kind": "in_band" })).status).toBe(403);
    expect((await sync("203.0.113.9", { authorization: "Bearer signkey-test-00" })).status).toBe(403);
    expect(await registered()).toEqual([]);
  });

  it("registers from this machine, with the configured address whatever Host the request named", async () => {
    const res = await sync("127.0.0.1", { host: "attacker.example" });
    expect(res.status).toBe(200);
    expect(await registered()).toEqual([{ url: `${SERVE_ORIGIN}/api/inngest` }]);
  });

  it("registers from another machine that holds the signing key", async () => {
    const res = await sync("203.0.113.9", { authorization: `Bearer ${process.env.INNGEST_SIGNING_KEY ?? ""}` });
    expect(res.status).toBe(200);
  });
});

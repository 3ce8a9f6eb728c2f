import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLIENT_ADDRESS_HEADER } from "@/lib/http/client-address";
import { workerRequestListener } from "./listener";

/*
 * The worker's front in front of a stand-in for the SDK's handler (which answers what reached it), on every
 * interface, so a request sent to this machine's own network address arrives from that address and not
 * from loopback. The real SDK, engine and registration are in workers.test.ts.
 */
function externalAddress(): string {
  const found = Object.values(os.networkInterfaces())
    .flat()
    .find((i) => i && i.family === "IPv4" && !i.internal);
  if (!found) throw new Error("This test needs a non-loopback IPv4 interface (none found)");
  return found.address;
}

const MiB = 1024 * 1024;
const SIGNING_KEY = "signkey-test-0123456789abcdef";
const reached: { method: string | undefined; bytes: number }[] = [];
const sdk = (req: http.IncomingMessage, res: http.ServerResponse) =>
  new Promise<void>((resolve) => {
    let bytes = 0;
    req.on("data", (c: Buffer) => (bytes += c.length));
    req.on("end", () => {
      reached.push({ method: req.method, bytes });
      res.end(JSON.stringify({ sdk: true, bytes }));
      resolve();
    });
  });

let server: http.Server;
let port: number;
beforeAll(async () => {
  server = http.createServer(workerRequestListener(sdk, { trustedProxies: 0, signingKey: SIGNING_KEY }));
  await new Promise<void>((r) => server.listen(0, "0.0.0.0", r));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

function send(host: string, opts: { method?: string; path?: string; headers?: Record<string, string>; body?: Buffer } = {}) {
  return new Promise<{ status: number; json: Record<string, unknown> }>((resolve, reject) => {
    const req = http.request(
      { host, port, path: opts.path ?? "/api/inngest", method: opts.method ?? (opts.body ? "POST" : "GET"), headers: opts.headers },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => (text += c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text || "{}") as Record<string, unknown> }));
      },
    );
    req.on("error", (e: NodeJS.ErrnoException) => (e.code === "EPIPE" || e.code === "ECONNRESET" ? undefined : reject(e)));
    req.end(opts.body);
  });
}

describe("a sync (PUT /api/inngest) on a worker", () => {
  it("is refused from another machine, whatever address the client claims, before the SDK sees it", async () => {
    const before = reached.length;
    const claims: Record<string, string>[] = [
      {},
      { [CLIENT_ADDRESS_HEADER]: "127.0.0.1", "X-Forwarded-For": "127.0.0.1" },
      { "x-inngest-sync-kind": "in_band" },
      { authorization: "Bearer signkey-test-00" },
    ];
    for (const headers of claims) {
      const answer = await send(externalAddress(), { method: "PUT", headers });
      expect(answer.status).toBe(403);
      expect(answer.json.detail).toBe(
        "Functions are registered from the portal's own machine (npm start does it), with the signing key, or by Inngest's signed in-band sync.",
      );
    }
    expect(reached.length).toBe(before);
  });

  it("reaches the SDK from this machine, with the signing key, or as Inngest's signed in-band sync", async () => {
    expect((await send("127.0.0.1", { method: "PUT" })).json.sdk).toBe(true);
    expect((await send(externalAddress(), { method: "PUT", headers: { authorization: `Bearer ${SIGNING_KEY}` } })).json.sdk).toBe(true);
    const inBand = { "x-inngest-sync-kind": "in_band", "x-inngest-signature": "t=1&s=checked-by-the-sdk" };
    expect((await send(externalAddress(), { method: "PUT", headers: inBand })).json.sdk).toBe(true);
  });
});

describe("the worker's other answers", () => {
  it("answers health checks, and 404 with a sentence for any other path", async () => {
    expect(await send(externalAddress(), { path: "/health" })).toEqual({ status: 200, json: { status: "ok" } });
    const other = await send("127.0.0.1", { path: "/api/v1/exports" });
    expect(other.status).toBe(404);
    expect(other.json.detail).toBe("A worker serves only /api/inngest and /health.");
  });

  it("takes the engine's calls with bodies up to 32 MiB (a run's state), and refuses larger ones with 413", async () => {
    expect((await send("127.0.0.1", { path: "/api/inngest?fnId=f&stepId=step", body: Buffer.alloc(3 * MiB, 0x20) })).json).toEqual({
      sdk: true,
      bytes: 3 * MiB,
    });
    const tooLarge = await send("127.0.0.1", { path: "/api/inngest?fnId=f&stepId=step", body: Buffer.alloc(33 * MiB, 0x20) });
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.json.detail).toContain("larger than 32 MiB");
  });
});

import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LOOPBACK_PEER_HEADER } from "./loopback";
import { portalRequestListener } from "./request-listener";

/** An address of this machine that is not loopback: connections to it arrive from it, not from 127.0.0.1. */
function externalAddress(): string {
  const found = Object.values(os.networkInterfaces())
    .flat()
    .find((i) => i && i.family === "IPv4" && !i.internal);
  if (!found) throw new Error("This test needs a non-loopback IPv4 interface (none found)");
  return found.address;
}

// The app behind the listener: it answers what it was given, as Next would see it.
const seen: { headers: http.IncomingHttpHeaders; body: Buffer }[] = [];
const app = (req: http.IncomingMessage, res: http.ServerResponse) =>
  new Promise<void>((resolve) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      seen.push({ headers: req.headers, body: Buffer.concat(chunks) });
      res.end(JSON.stringify({ loopback: req.headers[LOOPBACK_PEER_HEADER] ?? null, bytes: Buffer.concat(chunks).length }));
      resolve();
    });
  });

let server: http.Server;
let port: number;

beforeAll(async () => {
  server = http.createServer(portalRequestListener(app, { trustedProxies: 0 }));
  await new Promise<void>((r) => server.listen(0, "0.0.0.0", r));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

interface Answer {
  status: number;
  type: string | undefined;
  body: string;
}

function send(host: string, opts: { path?: string; headers?: Record<string, string>; body?: Buffer; chunks?: Buffer[] } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host, port, path: opts.path ?? "/api/v1/exports", method: opts.body || opts.chunks ? "POST" : "GET", headers: opts.headers },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => (text += c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, type: res.headers["content-type"], body: text }));
      },
    );
    // The server may answer 413 and close while the rest of the body is still being sent.
    req.on("error", (e: NodeJS.ErrnoException) => (e.code === "EPIPE" || e.code === "ECONNRESET" ? undefined : reject(e)));
    if (opts.chunks) for (const c of opts.chunks) req.write(c);
    req.end(opts.body);
  });
}

describe("the loopback peer stamp", () => {
  it("is set for a connection from loopback", async () => {
    expect(JSON.parse((await send("127.0.0.1")).body).loopback).toBe("1");
  });

  it("is absent for a connection from another address, whatever the client claims", async () => {
    const headers = { [LOOPBACK_PEER_HEADER]: "1", "X-Forwarded-For": "127.0.0.1" };
    const answer = await send(externalAddress(), { headers });
    expect(JSON.parse(answer.body).loopback).toBeNull();
  });
});

describe("the request body limit", () => {
  const MiB = 1024 * 1024;

  it("refuses a body whose Content-Length is over 1 MiB with a 413 problem document", async () => {
    const answer = await send("127.0.0.1", { body: Buffer.alloc(20 * MiB, 0x20), headers: { "Content-Type": "application/json" } });
    expect(answer.status).toBe(413);
    expect(answer.type).toBe("application/problem+json");
    expect(JSON.parse(answer.body)).toMatchObject({ status: 413, title: "Content too large", detail: expect.stringContaining("larger than 1 MiB") });
  });

  it("counts the bytes of a chunked body, which declares no length", async () => {
    const before = seen.length;
    const answer = await send("127.0.0.1", { chunks: Array.from({ length: 40 }, () => Buffer.alloc(64 * 1024, 0x61)) });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body).detail).toContain("1 MiB");
    expect(seen.length).toBe(before);
  });

  it("hands a body within the limit to the app whole, chunked or not", async () => {
    const body = Buffer.from(JSON.stringify({ fields: Array.from({ length: 20_000 }, (_, i) => `field_${i}`) }));
    expect(JSON.parse((await send("127.0.0.1", { body })).body).bytes).toBe(body.length);
    const answer = await send("127.0.0.1", { chunks: [body.subarray(0, 1000), body.subarray(1000)] });
    expect(JSON.parse(answer.body).bytes).toBe(body.length);
    const last = seen.at(-1);
    expect(last?.body.equals(body)).toBe(true);
    expect(last?.headers["content-length"]).toBe(String(body.length));
  });

  it("holds /api/inngest to the same limit: the engine calls the workers, never the web app", async () => {
    const answer = await send("127.0.0.1", { path: "/api/inngest?fnId=x", body: Buffer.alloc(3 * MiB, 0x20) });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body).detail).toContain("larger than 1 MiB");
  });
});

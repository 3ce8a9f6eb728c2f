import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { startReceiver, type WebhookReceiver } from "@/test/webhook-receiver";
import { guardedLookup } from "./address";
import { postWebhook } from "./post";

/* One POST of a webhook against real local HTTP servers: what a receiver cannot make the portal do. */
const servers: { close(): Promise<void> }[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

async function serve(handler: http.RequestListener): Promise<string> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  servers.push({
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
}

const post = (url: string, over: Partial<Parameters<typeof postWebhook>[0]> = {}) =>
  postWebhook({ url, body: '{"type":"export.completed"}', headers: { "webhook-id": "msg_1" }, timeoutMs: 2_000, allowPrivate: true, ...over });

describe("postWebhook", () => {
  it("does not follow a redirect: the attempt fails with the 3xx and the target gets nothing", async () => {
    const target: WebhookReceiver = await startReceiver();
    servers.push(target);
    const redirecting = await serve((_req, res) => res.writeHead(307, { location: target.url }).end());
    const attempt = await post(redirecting);
    expect(attempt).toMatchObject({ status: 307, error: "The receiver answered 307 (a redirect); redirects are not followed." });
    expect(target.received).toHaveLength(0);
  });

  it("cuts off a receiver that does not answer, saying how long it waited", async () => {
    const silent = await serve(() => {});
    const attempt = await post(silent, { timeoutMs: 300 });
    expect(attempt.status).toBeNull();
    expect(attempt.error).toBe("No answer within 0.3 s.");
    expect(attempt.durationMs).toBeLessThan(2_000);
  });

  it("refuses a name that resolves to a loopback address, not only an address written out", async () => {
    const receiver = await startReceiver();
    servers.push(receiver);
    const attempt = await post(receiver.url.replace("127.0.0.1", "localhost"), { allowPrivate: false });
    expect(attempt.status).toBeNull();
    expect(attempt.error).toMatch(/^Refused: localhost resolves to (127\.0\.0\.1|::1), a loopback, private or link-local address/);
    expect(receiver.received).toHaveLength(0);
  });
});

describe("guardedLookup (the connection's own resolution)", () => {
  const resolve = (allowPrivate: boolean) =>
    new Promise<{ error: Error | null; address: unknown }>((done) =>
      guardedLookup(allowPrivate)("localhost", { all: false }, (error, address) => done({ error, address })),
    );

  it("refuses a name whose address is loopback, so a name that changes after registration is still caught", async () => {
    const { error } = await resolve(false);
    expect(error?.message).toMatch(/^Refused: localhost resolves to .*WEBHOOKS_ALLOW_PRIVATE=true/);
  });

  it("lets it through when private addresses are allowed", async () => {
    const { error, address } = await resolve(true);
    expect(error).toBeNull();
    expect(address).toMatch(/^(127\.0\.0\.1|::1)$/);
  });
});

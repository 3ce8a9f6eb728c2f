import { spawn, type ChildProcess } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, schema } from "@/db/client";
import { freePort } from "@/test/free-port";

/**
 * Through the real server (scripts/server.ts with Next in development mode, listening on every interface):
 * the mailbox holds a sign-in link, and only a connection from loopback may read it; oversized bodies
 * are refused before any route runs.
 */
const root = path.resolve(import.meta.dirname, "..");
let server: ChildProcess | undefined;
let port: number;
let messageId: string;
const secret = `mailbox-${Date.now()}@acme.test`;

function externalAddress(): string {
  const found = Object.values(os.networkInterfaces())
    .flat()
    .find((i) => i && i.family === "IPv4" && !i.internal);
  if (!found) throw new Error("This test needs a non-loopback IPv4 interface (none found)");
  return found.address;
}

async function ready(url: string, ms: number) {
  const deadline = Date.now() + ms;
  for (;;) {
    const ok = await fetch(url, { signal: AbortSignal.timeout(5000) }).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`the web app did not answer ${url} within ${ms / 1000} s`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

beforeAll(async () => {
  const { db, sql } = createDb(process.env.DATABASE_URL ?? "", 1);
  const [row] = await db
    .insert(schema.emailOutbox)
    .values({
      to: secret,
      from: "exports@localhost",
      subject: "Sign in",
      html: `<a href="http://x/api/auth/callback/email?token=t0k3n">Sign in</a>`,
      text: "t0k3n",
    })
    .returning({ id: schema.emailOutbox.id });
  await sql.end();
  messageId = row?.id ?? "";
  port = await freePort();
  // Mailbox mode: no RESEND_API_KEY (spawn leaves out variables whose value is undefined).
  const env = {
    ...process.env,
    NODE_ENV: "development" as const,
    RESEND_API_KEY: undefined,
    PORT: String(port),
    HOST: "0.0.0.0",
    AUTH_SECRET: "x".repeat(40),
    AUTH_TRUST_HOST: "true",
    NEXT_TELEMETRY_DISABLED: "1",
  };
  server = spawn(process.execPath, ["--import", "tsx", path.join(root, "scripts/server.ts"), "--dev"], {
    cwd: root,
    env,
    stdio: ["ignore", "ignore", "inherit"],
  });
  await ready(`http://127.0.0.1:${port}/api/health`, 150_000);
}, 180_000);

afterAll(() => {
  server?.kill("SIGTERM");
});

describe("the development mailbox", () => {
  it("shows its messages to this machine", async () => {
    const list = await fetch(`http://127.0.0.1:${port}/dev/mailbox?to=${encodeURIComponent(secret)}`);
    expect(list.status).toBe(200);
    expect(await list.text()).toContain(secret);
    const message = await fetch(`http://127.0.0.1:${port}/dev/mailbox/${messageId}`);
    expect(await message.text()).toContain("t0k3n");
  }, 120_000);

  it("is not found for a connection from another address, whatever headers it sends", async () => {
    const headers = { "X-Forwarded-For": "127.0.0.1", "X-Portal-Loopback-Peer": "1" };
    for (const url of [`/dev/mailbox?to=${encodeURIComponent(secret)}`, `/dev/mailbox/${messageId}`]) {
      const res = await fetch(`http://${externalAddress()}:${port}${url}`, { headers });
      const body = await res.text();
      expect(res.status, url).toBe(404);
      expect(body).not.toContain(secret);
      expect(body).not.toContain("t0k3n");
    }
  }, 120_000);
});

describe("the request body limit", () => {
  const big = "x".repeat(2 * 1024 * 1024);

  it("answers 413 with a problem document, with or without a declared length", async () => {
    const declared = await fetch(`http://127.0.0.1:${port}/api/v1/exports`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ pad: big }),
    });
    expect(declared.status).toBe(413);
    expect(declared.headers.get("content-type")).toBe("application/problem+json");
    expect((await declared.json()) as unknown).toMatchObject({ status: 413, detail: expect.stringContaining("larger than 1 MiB") });

    const stream = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 32; i++) controller.enqueue(new TextEncoder().encode(big.slice(0, 64 * 1024)));
        controller.close();
      },
    });
    const chunked = await fetch(`http://127.0.0.1:${port}/api/v1/exports`, { method: "POST", body: stream, duplex: "half" } as RequestInit);
    expect(chunked.status).toBe(413);
    expect(((await chunked.json()) as { title: string }).title).toBe("Content too large");
  }, 60_000);
});

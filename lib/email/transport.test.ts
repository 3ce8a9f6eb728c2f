import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emailOutbox } from "@/db/schema";
import { testDb } from "@/test/factories";
import { startResendStandIn } from "@/test/resend-stand-in";
import { resetMailTransport, sendMail } from "./transport";

const { db } = testDb();

describe("through Resend (the real client against a local stand-in)", () => {
  let standIn: Awaited<ReturnType<typeof startResendStandIn>>;
  beforeAll(async () => {
    standIn = await startResendStandIn();
    process.env.RESEND_API_KEY = "re_test_123";
    process.env.RESEND_BASE_URL = standIn.url;
    process.env.EMAIL_FROM = "Exports <exports@portal.test>";
    resetMailTransport();
  });
  afterAll(async () => {
    delete process.env.RESEND_API_KEY;
    delete process.env.RESEND_BASE_URL;
    delete process.env.EMAIL_FROM;
    resetMailTransport();
    await standIn.close();
  });

  it("sends the message with the API key and the idempotency key, once per key", async () => {
    const key = `export-${randomUUID()}-ready`;
    const message = { to: "ana@example.test", subject: "Your export is ready", html: "<p>Ready</p>", text: "Ready", idempotencyKey: key };
    const first = await sendMail(message);
    const second = await sendMail(message);
    expect(first.id).toBe(second.id);
    const sent = standIn.received.filter((r) => r.headers["idempotency-key"] === key);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.headers.authorization).toBe("Bearer re_test_123");
    expect(sent[0]?.body).toMatchObject({
      from: "Exports <exports@portal.test>",
      to: "ana@example.test",
      subject: "Your export is ready",
      html: "<p>Ready</p>",
      text: "Ready",
    });
    const outbox = await db.select().from(emailOutbox).where(eq(emailOutbox.dedupeKey, key));
    expect(outbox).toHaveLength(0);
  });
});

describe("into the outbox (no RESEND_API_KEY)", () => {
  it("stores the message and drops a repeat with the same key", async () => {
    const key = `export-${randomUUID()}-failed`;
    const message = { to: "bob@example.test", subject: "Your export failed", html: "<p>Failed</p>", text: "Failed", idempotencyKey: key };
    const first = await sendMail(message);
    const second = await sendMail(message);
    expect(first.duplicate).toBe(false);
    expect(second.duplicate).toBe(true);
    const rows = await db.select().from(emailOutbox).where(eq(emailOutbox.dedupeKey, key));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ to: "bob@example.test", subject: "Your export failed", html: "<p>Failed</p>", text: "Failed" });
  });
});

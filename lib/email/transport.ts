import { Resend } from "resend";
import { getDb } from "@/db/client";
import { emailOutbox } from "@/db/schema";

export interface MailMessage {
  to: string;
  subject: string;
  html: string;
  text: string;
  /** One message per key: a retried send with the same key is not delivered twice. */
  idempotencyKey?: string;
}

export type MailMode = "resend" | "outbox";

export function mailMode(env: Record<string, string | undefined> = process.env): MailMode {
  return env.RESEND_API_KEY ? "resend" : "outbox";
}

function fromAddress(): string {
  return process.env.EMAIL_FROM || "Data Export Portal <exports@localhost>";
}

let resendClient: Resend | undefined;
function resend(): Resend {
  resendClient ??= new Resend(process.env.RESEND_API_KEY, process.env.RESEND_BASE_URL ? { baseUrl: process.env.RESEND_BASE_URL } : undefined);
  return resendClient;
}

/**
 * Sends one email through Resend when RESEND_API_KEY is set, otherwise writes it to the outbox table
 * (shown at /dev/mailbox). Returns whether a message was delivered or an earlier one with the same key stood.
 */
export async function sendMail(message: MailMessage): Promise<{ id: string | null; duplicate: boolean }> {
  const from = fromAddress();
  if (mailMode() === "resend") {
    const { data, error } = await resend().emails.send(
      { from, to: message.to, subject: message.subject, html: message.html, text: message.text },
      message.idempotencyKey ? { idempotencyKey: message.idempotencyKey } : undefined,
    );
    if (error) throw new Error(`Resend refused the email to ${message.to}: ${error.message}`);
    return { id: data?.id ?? null, duplicate: false };
  }
  const rows = await getDb()
    .insert(emailOutbox)
    .values({ dedupeKey: message.idempotencyKey ?? null, to: message.to, from, subject: message.subject, html: message.html, text: message.text })
    .onConflictDoNothing({ target: emailOutbox.dedupeKey })
    .returning({ id: emailOutbox.id });
  return { id: rows[0]?.id ?? null, duplicate: rows.length === 0 };
}

/** For tests and the client cache: forget the Resend client so a changed base URL is picked up. */
export function resetMailTransport(): void {
  resendClient = undefined;
}

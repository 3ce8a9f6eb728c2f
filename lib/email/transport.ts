import { Resend } from "resend";
import { getDb } from "@/db/client";
import { emailOutbox } from "@/db/schema";
import { env, resetEnv } from "@/lib/config/env";

export interface MailMessage {
  to: string;
  subject: string;
  html: string;
  text: string;
  /** One message per key: a retried send with the same key is not delivered twice. */
  idempotencyKey?: string;
}

export type MailMode = "resend" | "outbox";

export function mailMode(): MailMode {
  return env().RESEND_API_KEY ? "resend" : "outbox";
}

let resendClient: Resend | undefined;
function resend(): Resend {
  const { RESEND_API_KEY, RESEND_BASE_URL } = env();
  resendClient ??= new Resend(RESEND_API_KEY, RESEND_BASE_URL ? { baseUrl: RESEND_BASE_URL } : undefined);
  return resendClient;
}

/**
 * Sends one email through Resend when RESEND_API_KEY is set, otherwise writes it to the outbox table
 * (shown at /dev/mailbox). Returns whether a message was delivered or an earlier one with the same key stood.
 */
export async function sendMail(message: MailMessage): Promise<{ id: string | null; duplicate: boolean }> {
  const from = env().EMAIL_FROM;
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

/** For tests: read the configuration again and forget the Resend client, so a changed key or base URL is picked up. */
export function resetMailTransport(): void {
  resetEnv();
  resendClient = undefined;
}

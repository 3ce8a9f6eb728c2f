import { setTimeout as sleep } from "node:timers/promises";
import type { Db } from "@/db/client";
import { takeSignInEmail } from "@/lib/rate-limit/limits";
import { mayReceiveSignInLink } from "./sign-in-policy";

/**
 * How long asking for a sign-in link takes at least, known address or not. Sending takes a database
 * write, rendering and the mail call; an unknown address takes one lookup. Without a common floor the
 * answer's speed would tell who has an account.
 */
export const SIGN_IN_ANSWER_MS = 700;

export type SignInAnswer = { outcome: "asked" } | { outcome: "limited"; message: string; retryAfterSeconds: number } | { outcome: "not_sent"; message: string };

export interface SignInRequestDeps {
  db: Db;
  allowSelfSignup: boolean;
  /** Creates the link and emails it (Auth.js); throws when the email could not be sent. */
  sendLink: (email: string) => Promise<void>;
  answerAfterMs?: number;
}

/**
 * What Auth.js's signIn() answered, as the redirect it would follow. A failure it does not expect, such as
 * the mail transport throwing, comes back as a redirect to its error page rather than as a throw, so the
 * answer must be read: otherwise a failed email would look sent.
 */
export function assertLinkSent(redirectUrl: unknown): void {
  const url = typeof redirectUrl === "string" ? new URL(redirectUrl, "http://portal.invalid") : null;
  if (!url || url.searchParams.has("error")) throw new Error(`Auth.js did not send the sign-in link (answered ${String(redirectUrl)})`);
}

export const MAIL_FAILED =
  "We could not send the sign-in email just now, so no link is on its way. Try again in a few minutes; if it keeps failing, tell your organization admin.";

/**
 * Someone asks for a sign-in link. Limited per address and per network address; an address that may not
 * sign in gets the same answer as one that may, after the same time, and nothing is stored for it.
 * Only when the email could not be sent does the answer differ: telling the person to check a mailbox
 * that will stay empty would be worse.
 */
export async function requestSignInLink(deps: SignInRequestDeps, input: { email: string; ip: string | null }): Promise<SignInAnswer> {
  const started = performance.now();
  const limited = await takeSignInEmail(input.email, input.ip);
  if (limited) return { outcome: "limited", ...limited };
  let answer: SignInAnswer = { outcome: "asked" };
  if (await mayReceiveSignInLink(deps.db, input.email, deps.allowSelfSignup)) {
    try {
      await deps.sendLink(input.email);
    } catch (error) {
      console.error("sign-in email not sent", error);
      answer = { outcome: "not_sent", message: MAIL_FAILED };
    }
  }
  const left = (deps.answerAfterMs ?? SIGN_IN_ANSWER_MS) - (performance.now() - started);
  if (left > 0) await sleep(left);
  return answer;
}

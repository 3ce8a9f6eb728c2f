import { randomUUID } from "node:crypto";
import { eq, inArray } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { emailOutbox, verificationTokens } from "@/db/schema";
import { renderEmail } from "@/lib/email/render";
import { SignInEmail } from "@/lib/email/templates/sign-in";
import { sendMail } from "@/lib/email/transport";
import { resetRateLimits } from "@/lib/rate-limit/limits";
import { addMember, createOrg, createUser, testDb } from "@/test/factories";
import { assertLinkSent, MAIL_FAILED, requestSignInLink, type SignInRequestDeps } from "./sign-in-request";

const { db } = testDb();

/** What Auth.js does for a link: store the token, render the email, hand it to the mail transport. */
async function sendLinkAsAuthJs(email: string) {
  const token = randomUUID();
  const url = `http://portal.test/api/auth/callback/email?token=${token}&email=${encodeURIComponent(email)}`;
  await Promise.all([
    db.insert(verificationTokens).values({ identifier: email, token, expires: new Date(Date.now() + 900_000) }),
    renderEmail(SignInEmail({ url, host: "portal.test", expiresInMinutes: 15 })).then((body) =>
      sendMail({ to: email, subject: "Sign in to the Data Export Portal", ...body }),
    ),
  ]);
}

const deps = (over: Partial<SignInRequestDeps> = {}): SignInRequestDeps => ({ db, allowSelfSignup: false, sendLink: sendLinkAsAuthJs, ...over });

async function member(): Promise<string> {
  const org = await createOrg(db);
  const user = await createUser(db, "signin");
  await addMember(db, org, user.id, "viewer");
  return user.email;
}

const unknownAddress = () => `nobody-${randomUUID()}@example.test`;

beforeEach(() => {
  process.env.SIGN_IN_EMAILS_PER_ADDRESS = "3";
  process.env.SIGN_IN_EMAILS_PER_IP = "6";
  resetRateLimits();
});

describe("asking for a sign-in link", () => {
  it("emails a member and stores nothing for an address that may not sign in, answering both alike", async () => {
    const known = await member();
    const unknown = unknownAddress();
    expect(await requestSignInLink(deps({ answerAfterMs: 0 }), { email: known, ip: null })).toEqual({ outcome: "asked" });
    expect(await requestSignInLink(deps({ answerAfterMs: 0 }), { email: unknown, ip: null })).toEqual({ outcome: "asked" });
    expect(await db.select().from(verificationTokens).where(eq(verificationTokens.identifier, known))).toHaveLength(1);
    expect(await db.select().from(verificationTokens).where(eq(verificationTokens.identifier, unknown))).toHaveLength(0);
    expect(await db.select().from(emailOutbox).where(eq(emailOutbox.to, unknown))).toHaveLength(0);
  });

  it("says the email was not sent when sending fails, instead of pointing to an empty mailbox", async () => {
    const known = await member();
    const answer = await requestSignInLink(deps({ answerAfterMs: 0, sendLink: async () => Promise.reject(new Error("Resend refused the email")) }), {
      email: known,
      ip: null,
    });
    expect(answer).toEqual({ outcome: "not_sent", message: MAIL_FAILED });
  });

  it("reads a failure out of Auth.js's answer, which redirects to its error page when the mail transport throws", () => {
    expect(() => assertLinkSent("http://localhost:3000/sign-in?error=Configuration")).toThrow("Auth.js did not send the sign-in link");
    expect(() => assertLinkSent(undefined)).toThrow("Auth.js did not send the sign-in link");
    expect(() => assertLinkSent("http://localhost:3000/check-email?provider=email&type=email")).not.toThrow();
  });

  it("limits links per address, whoever asks, and per network address, known addresses or not", async () => {
    const known = await member();
    for (let i = 0; i < 3; i++)
      expect((await requestSignInLink(deps({ answerAfterMs: 0 }), { email: known.toUpperCase(), ip: `192.0.2.${i}` })).outcome).toBe("asked");
    const perAddress = await requestSignInLink(deps({ answerAfterMs: 0 }), { email: known, ip: "192.0.2.50" });
    expect(perAddress).toEqual({
      outcome: "limited",
      retryAfterSeconds: 900,
      message: "Too many sign-in links were asked for this address. Use the newest email you got, or try again in 15 minutes.",
    });
    expect(
      await db
        .select()
        .from(verificationTokens)
        .where(inArray(verificationTokens.identifier, [known, known.toUpperCase()])),
    ).toHaveLength(3);

    for (let i = 0; i < 6; i++)
      expect((await requestSignInLink(deps({ answerAfterMs: 0 }), { email: unknownAddress(), ip: "198.51.100.1" })).outcome).toBe("asked");
    const perIp = await requestSignInLink(deps({ answerAfterMs: 0 }), { email: unknownAddress(), ip: "198.51.100.1" });
    expect(perIp).toMatchObject({ outcome: "limited", message: "Too many sign-in links were asked for from your network. Try again in 15 minutes." });
    expect((await requestSignInLink(deps({ answerAfterMs: 0 }), { email: unknownAddress(), ip: "198.51.100.2" })).outcome).toBe("asked");
  });

  it("takes the same time for a member's address as for an unknown one", async () => {
    process.env.SIGN_IN_EMAILS_PER_ADDRESS = "100";
    process.env.SIGN_IN_EMAILS_PER_IP = "100";
    resetRateLimits();
    const known = await member();
    const timings = { known: [] as number[], unknown: [] as number[] };
    const time = async (email: string) => {
      const started = performance.now();
      await requestSignInLink(deps(), { email, ip: null });
      return performance.now() - started;
    };
    await time(known); // warm-up: the first render loads the email components
    for (let i = 0; i < 7; i++) {
      timings.known.push(await time(known));
      timings.unknown.push(await time(unknownAddress()));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
    console.log(`sign-in answer median: known ${median(timings.known).toFixed(1)} ms, unknown ${median(timings.unknown).toFixed(1)} ms`);
    expect(Math.abs(median(timings.known) - median(timings.unknown))).toBeLessThan(15);
  });
});

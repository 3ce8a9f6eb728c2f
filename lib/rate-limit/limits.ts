import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import { env, resetEnv } from "@/lib/config/env";
import { AppError } from "@/lib/errors/app-error";

/**
 * The portal's abuse limits, counted in this process's memory (one web process serves the portal). Each
 * limit is a number per window; the numbers come from the environment (README, "Configuration").
 */
const WINDOWS = {
  signInPerAddress: 15 * 60,
  signInPerIp: 15 * 60,
  failedTokensPerIp: 10 * 60,
  requestsPerToken: 60,
} as const;

type LimitName = keyof typeof WINDOWS;

function points(): Record<LimitName, number> {
  const e = env();
  return {
    signInPerAddress: e.SIGN_IN_EMAILS_PER_ADDRESS,
    signInPerIp: e.SIGN_IN_EMAILS_PER_IP,
    failedTokensPerIp: e.API_FAILED_TOKENS_PER_IP,
    requestsPerToken: e.API_REQUESTS_PER_TOKEN,
  };
}

type Limiters = Record<LimitName, RateLimiterMemory>;

// Next may load this module more than once (route handlers and server actions are bundled apart); the
// counters live on globalThis so that every copy counts against the same limits.
const store = globalThis as typeof globalThis & { __portalRateLimits?: Limiters };

function limiters(): Limiters {
  if (!store.__portalRateLimits) {
    const limits = points();
    const make = (name: LimitName) => new RateLimiterMemory({ keyPrefix: name, points: limits[name], duration: WINDOWS[name] });
    store.__portalRateLimits = {
      signInPerAddress: make("signInPerAddress"),
      signInPerIp: make("signInPerIp"),
      failedTokensPerIp: make("failedTokensPerIp"),
      requestsPerToken: make("requestsPerToken"),
    };
  }
  return store.__portalRateLimits;
}

/** For tests: forget every count and read the limits from the environment again. */
export function resetRateLimits(): void {
  resetEnv();
  store.__portalRateLimits = undefined;
}

/** Counts one use; returns the seconds to wait when the limit is already used up, else null. */
async function take(name: LimitName, key: string): Promise<number | null> {
  try {
    await limiters()[name].consume(key);
    return null;
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) return Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
    throw rejection;
  }
}

function minutes(seconds: number): string {
  const m = Math.ceil(seconds / 60);
  return m <= 1 ? "a minute" : `${m} minutes`;
}

/**
 * Counts one sign-in email to `email` asked for from `ip`. Refused once either has asked too often; a
 * refusal counts against neither further. Unknown and known addresses count alike, so the limit tells
 * nothing about who has an account.
 */
export async function takeSignInEmail(email: string, ip: string | null): Promise<{ retryAfterSeconds: number; message: string } | null> {
  if (ip) {
    const wait = await take("signInPerIp", ip);
    if (wait !== null) return { retryAfterSeconds: wait, message: `Too many sign-in links were asked for from your network. Try again in ${minutes(wait)}.` };
  }
  const wait = await take("signInPerAddress", email.trim().toLowerCase());
  if (wait !== null)
    return {
      retryAfterSeconds: wait,
      message: `Too many sign-in links were asked for this address. Use the newest email you got, or try again in ${minutes(wait)}.`,
    };
  return null;
}

function tooManyFailedTokens(wait: number): AppError {
  return new AppError(
    "limit_exceeded",
    `Too many requests with an invalid API token came from your address. Try again in ${minutes(wait)}.`,
    {},
    { retryAfterSeconds: wait },
  );
}

/**
 * Before a bearer token is looked up: refuses an address that sent too many invalid tokens lately, so
 * guessing tokens does not pay. The address is unknown only outside the portal's server (tests).
 */
export async function assertTokenGuessingAllowed(ip: string | null): Promise<void> {
  if (!ip) return;
  const seen = await limiters().failedTokensPerIp.get(ip);
  if (seen && seen.remainingPoints <= 0) throw tooManyFailedTokens(Math.max(1, Math.ceil(seen.msBeforeNext / 1000)));
}

/** Counts an invalid token from `ip`. */
export async function recordFailedToken(ip: string | null): Promise<void> {
  if (!ip) return;
  await take("failedTokensPerIp", ip);
}

/** Counts one request made with a token; refused with 429 past the per-minute limit. */
export async function takeTokenRequest(tokenId: string): Promise<void> {
  const wait = await take("requestsPerToken", tokenId);
  if (wait !== null) {
    throw new AppError("limit_exceeded", `This API token made too many requests. Slow down and try again in ${wait} s.`, {}, { retryAfterSeconds: wait });
  }
}

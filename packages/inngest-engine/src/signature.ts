import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import canonicalize from "canonicalize";

const KEY_PREFIX = /^signkey-[\w]+-/;

/**
 * JSON Canonicalization Scheme (RFC 8785) through the `canonicalize` package the SDK itself uses: the SDK
 * parses our request body and signs canonicalize(body), so we send exactly that text and sign it.
 */
export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new Error("cannot serialise a value JSON has no text for");
  return text;
}

/** HMAC-SHA256 over body + timestamp keyed with the signing key minus its `signkey-<env>-` prefix (SDK helpers/net.ts). */
export function signBody(body: string, signingKey: string, unixSeconds: number): string {
  return createHmac("sha256", signingKey.replace(KEY_PREFIX, ""))
    .update(body + String(unixSeconds))
    .digest("hex");
}

/** The `X-Inngest-Signature` header value: `t=<unix seconds>&s=<hex hmac>`. */
export function signatureHeader(body: string, signingKey: string, nowMs: number = Date.now()): string {
  const ts = Math.round(nowMs / 1000);
  return `t=${ts}&s=${signBody(body, signingKey, ts)}`;
}

/** Checks a signature header the way the SDK's RequestSignature does, including its 5 minute window. */
export function verifySignatureHeader(header: string | null, body: string, signingKey: string, nowMs: number = Date.now()): boolean {
  if (!header) return false;
  const params = new URLSearchParams(header);
  const ts = Number.parseInt(params.get("t") ?? "", 10);
  const signature = params.get("s") ?? "";
  if (!Number.isFinite(ts) || !signature) return false;
  if (Math.abs(nowMs - ts * 1000) > 5 * 60 * 1000) return false;
  return safeEqual(signBody(body, signingKey, ts), signature);
}

/** What the SDK sends as `Authorization: Bearer …` when syncing: prefix + sha256 of the hex-decoded key. */
export function hashSigningKey(signingKey: string): string {
  const prefix = signingKey.match(KEY_PREFIX)?.[0] ?? "";
  const key = signingKey.replace(KEY_PREFIX, "");
  return `${prefix}${createHash("sha256").update(Buffer.from(key, "hex")).digest("hex")}`;
}

export function isValidSigningKey(signingKey: string): boolean {
  return /^signkey-[\w]+-(?:[0-9a-f]{2})+$/i.test(signingKey);
}

export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

import { createHash, randomBytes } from "node:crypto";

/*
 * API token format: `dep_<prefix>_<secret>`. The prefix is public (lists show it so people can tell their
 * tokens apart and spot a leaked one); the secret is 32 random bytes, shown once and stored only as a
 * SHA-256 hash. A fast hash is enough here: the secret has 256 bits of entropy, so nothing can be guessed
 * from the hash, and lookups by hash stay one index probe per request.
 */
const TOKEN_PATTERN = /^dep_([A-Za-z0-9]{8})_([A-Za-z0-9_-]{43})$/;

export interface NewTokenSecret {
  /** The whole token, returned to the creator once and never stored. */
  token: string;
  /** `dep_<prefix>`, stored and shown in lists. */
  prefix: string;
  tokenHash: string;
}

const ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

function randomAlphanumeric(length: number): string {
  // 248 is the largest multiple of 62 below 256: rejecting higher bytes keeps every character equally likely.
  let out = "";
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248 && out.length < length) out += ALPHANUMERIC[byte % 62];
    }
  }
  return out;
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

export function generateTokenSecret(): NewTokenSecret {
  const prefix = `dep_${randomAlphanumeric(8)}`;
  const token = `${prefix}_${randomBytes(32).toString("base64url")}`;
  return { token, prefix, tokenHash: hashToken(token) };
}

/** Whether a string has the shape of a portal token; anything else is refused before touching the database. */
export function looksLikeToken(value: string): boolean {
  return TOKEN_PATTERN.test(value);
}

import { randomBytes } from "node:crypto";

const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/**
 * Time-sortable id in the ULID format Inngest uses for runs and events, so ids sort by creation time.
 * Passing `entropy` makes the id deterministic (used for event ids derived from the SDK's id seed).
 */
export function ulid(now: number = Date.now(), entropy: Buffer = randomBytes(16)): string {
  let time = "";
  let rest = now;
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[rest % 32] + time;
    rest = Math.floor(rest / 32);
  }
  let random = "";
  for (const byte of entropy.subarray(0, 16)) random += ALPHABET[byte % 32];
  return time + random;
}

import { randomBytes } from "node:crypto";

/**
 * A checkpoint token is a random id the exports table looks up, not a signed value: everything it is bound to
 * (organization, tenant, stream, snapshot) stays in the database, where a refusal can say which of them does
 * not fit; no signing key has to be configured or rotated; and the token reveals nothing about the snapshot.
 */
const TOKEN = /^ckpt_[A-Za-z0-9_-]{32}$/;

export function newCheckpointToken(): string {
  return `ckpt_${randomBytes(24).toString("base64url")}`;
}

export function isCheckpointToken(value: string): boolean {
  return TOKEN.test(value);
}

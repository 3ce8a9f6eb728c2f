import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { AppError } from "../errors/app-error";

/** A destination's credentials, as they are only ever held in memory. */
export interface DestinationCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

export const MISSING_KEY_MESSAGE =
  "Bucket destinations need DESTINATION_CREDENTIALS_KEY to be set on the portal (32 random bytes, e.g. from `openssl rand -base64 32`), so their credentials are stored encrypted; ask the portal's operator to set it.";

function keyOf(raw: string | undefined): Buffer {
  if (!raw) throw new AppError("invalid", MISSING_KEY_MESSAGE, { destination: MISSING_KEY_MESSAGE });
  return /^[0-9a-fA-F]{64}$/.test(raw) ? Buffer.from(raw, "hex") : Buffer.from(raw, "base64");
}

/** AES-256-GCM with a random 96-bit nonce: "v1.<nonce>.<tag>.<ciphertext>", each base64url. */
export function encryptCredentials(creds: DestinationCredentials, rawKey: string | undefined): string {
  const key = keyOf(rawKey);
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(creds), "utf8"), cipher.final()]);
  return ["v1", iv, cipher.getAuthTag(), body].map((p) => (typeof p === "string" ? p : p.toString("base64url"))).join(".");
}

export function decryptCredentials(sealed: string, rawKey: string | undefined): DestinationCredentials {
  const [version, iv, tag, body] = sealed.split(".");
  if (version !== "v1" || !iv || !tag || !body) throw new Error("The destination's stored credentials are not in a known form.");
  const decipher = createDecipheriv("aes-256-gcm", keyOf(rawKey), Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  const plain = Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
  return JSON.parse(plain) as DestinationCredentials;
}

import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decryptCredentials, encryptCredentials } from "./crypto";

const creds = { accessKeyId: "AKIAEXAMPLE1234", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" };

describe("destination credentials at rest", () => {
  it("seal with AES-256-GCM under a fresh nonce each time, and open only with the same key", () => {
    const key = randomBytes(32).toString("base64");
    const a = encryptCredentials(creds, key);
    const b = encryptCredentials(creds, key);
    expect(a).not.toBe(b);
    expect(a).not.toContain(creds.secretAccessKey);
    expect(decryptCredentials(a, key)).toEqual(creds);
    // A hex key of the same bytes opens it too.
    expect(decryptCredentials(a, Buffer.from(key, "base64").toString("hex"))).toEqual(creds);
    expect(() => decryptCredentials(a, randomBytes(32).toString("base64"))).toThrow();
  });

  it("refuse a tampered ciphertext", () => {
    const key = randomBytes(32).toString("hex");
    const [v, iv, tag, body] = encryptCredentials(creds, key).split(".");
    const flipped = Buffer.from(body ?? "", "base64url");
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    expect(() => decryptCredentials([v, iv, tag, flipped.toString("base64url")].join("."), key)).toThrow();
  });

  it("without a key, refuse with a 422 that names DESTINATION_CREDENTIALS_KEY", () => {
    expect(() => encryptCredentials(creds, undefined)).toThrow(
      expect.objectContaining({ status: 422, message: expect.stringMatching(/DESTINATION_CREDENTIALS_KEY/) }),
    );
  });
});

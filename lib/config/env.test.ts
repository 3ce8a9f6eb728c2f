import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "./env";

describe("parseEnv", () => {
  it("gives working defaults on an empty environment", () => {
    const env = parseEnv({});
    expect(env).toMatchObject({ PORT: 3000, DATA_DIR: ".data", EXPORT_STORAGE: "local", SEED_ROWS_PER_REALM: 100_000, INNGEST_ENGINE_PORT: 8288 });
  });

  it("reports one clear line per bad variable", () => {
    const error = (() => {
      try {
        parseEnv({ PORT: "eighty", DATABASE_URL: "mysql://x", EXPORT_STORAGE: "ftp", SEED_ROWS_PER_REALM: "-5" });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(EnvError);
    const problems = (error as EnvError).problems;
    expect(problems).toHaveLength(4);
    expect(problems).toEqual(
      expect.arrayContaining([
        "PORT: must be a port number",
        "DATABASE_URL: must start with postgres:// or postgresql://",
        "EXPORT_STORAGE: must be local or s3",
        expect.stringMatching(/^SEED_ROWS_PER_REALM: /),
      ]),
    );
  });

  it("checks variables that only make sense together", () => {
    expect(() => parseEnv({ EXPORT_STORAGE: "s3" })).toThrow(/S3_BUCKET: required when EXPORT_STORAGE=s3/);
    expect(() => parseEnv({ AUTH_OIDC_ISSUER: "https://id.example.com" })).toThrow(/set all three or none/);
    expect(() => parseEnv({ INNGEST_BASE_URL: "http://127.0.0.1:8288" })).toThrow(/INNGEST_SIGNING_KEY: required/);
  });
});

import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ANY_TEXT, BAD_VALUES } from "@/test/config-values";
import { appUrl, BOOLEAN_WORDS, EnvError, envSchema, parseEnv } from "./env";

function problemsOf(source: Record<string, string>): string[] {
  try {
    parseEnv(source);
  } catch (e) {
    if (e instanceof EnvError) return e.problems;
    throw e;
  }
  return [];
}

/** README's configuration table: each row's variable names and its default column. */
function readmeRows(): { names: string[]; defaults: string }[] {
  const readme = fs.readFileSync(path.resolve(import.meta.dirname, "../../README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## Configuration"), readme.indexOf("\n### ", readme.indexOf("## Configuration")));
  return section
    .split("\n")
    .filter((line) => line.startsWith("| `"))
    .map((line) => {
      const [first = "", defaults = ""] = line.split("|").slice(1, 3);
      return { names: [...first.matchAll(/`([A-Z0-9_]+)`/g)].map((m) => m[1] ?? ""), defaults: defaults.trim() };
    });
}
const documented = readmeRows().flatMap((row) => row.names);
// Set by the launcher for its children, or by Node tooling; not settings a person chooses.
const UNDOCUMENTED = ["NODE_ENV", "AUTH_URL", "INNGEST_EMBEDDED"];

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
        "PORT: must be a port number from 1 to 65535",
        "DATABASE_URL: must start with postgres:// or postgresql://",
        "EXPORT_STORAGE: must be local or s3",
        "SEED_ROWS_PER_REALM: must be a whole number of at least 0",
      ]),
    );
  });

  it("checks variables that only make sense together", () => {
    expect(() => parseEnv({ EXPORT_STORAGE: "s3" })).toThrow(/S3_BUCKET: required when EXPORT_STORAGE=s3/);
    expect(() => parseEnv({ AUTH_OIDC_ISSUER: "https://id.example.com" })).toThrow(/set all three or none/);
    expect(() => parseEnv({ INNGEST_BASE_URL: "http://127.0.0.1:8288" })).toThrow(/INNGEST_SIGNING_KEY: required/);
  });
});

describe("README's configuration table and the schema", () => {
  it("document the same variables, each with a bad value or a reason it has none", () => {
    expect(documented.length).toBeGreaterThan(30);
    const schemaNames = Object.keys(envSchema.shape).filter((name) => !UNDOCUMENTED.includes(name));
    expect([...documented].sort()).toEqual(schemaNames.sort());
    expect([...Object.keys(BAD_VALUES), ...Object.keys(ANY_TEXT)].sort()).toEqual([...documented].sort());
  });

  it("refuse every bad value at once, one line per variable naming it and saying what is expected", () => {
    const problems = problemsOf(BAD_VALUES);
    const named = problems.map((line) => line.slice(0, line.indexOf(":")));
    expect(named.sort()).toEqual(Object.keys(BAD_VALUES).sort());
    for (const line of problems) expect(line).toMatch(/^[A-Z0-9_]+: must (be|start with|look like) \S/);
  });

  it("refuse each bad value on its own as well", () => {
    for (const [name, value] of Object.entries(BAD_VALUES)) {
      expect(problemsOf({ [name]: value }), `${name}=${value}`).toEqual([expect.stringMatching(new RegExp(`^${name}: must `))]);
    }
  });

  it("agree on every default", () => {
    const parsed: Record<string, unknown> = parseEnv({});
    for (const { names, defaults } of readmeRows()) {
      const cells = names.length > 1 && defaults.split(", ").length === names.length ? defaults.split(", ") : names.map(() => defaults);
      names.forEach((name, i) => {
        const cell = cells[i] ?? "";
        const literal = /^`([^`]+)`$/.exec(cell)?.[1];
        if (name === "APP_URL") expect(appUrl(parseEnv({}))).toBe(literal?.replace("$PORT", String(parsed.PORT)));
        else if (name === "S3_FORCE_PATH_STYLE") {
          expect(cell).toBe("`true` with `S3_ENDPOINT`, else `false`");
          expect(parseEnv({ S3_ENDPOINT: "http://127.0.0.1:9000" }).S3_FORCE_PATH_STYLE).toBe(true);
          expect(parsed.S3_FORCE_PATH_STYLE).toBe(false);
        } else if (literal !== undefined && !documented.includes(literal)) expect(String(parsed[name]), name).toBe(literal);
        // "—", "generated in DATA_DIR", another variable's value: the schema leaves it unset.
        else expect(parsed[name], name).toBeUndefined();
      });
    }
  });
});

describe("yes/no variables", () => {
  const booleans = ["AUTH_ALLOW_SELF_SIGNUP", "S3_FORCE_PATH_STYLE", "INNGEST_EMBEDDED"] as const;

  it("accept exactly the documented words", () => {
    for (const name of booleans) {
      for (const word of BOOLEAN_WORDS) expect(parseEnv({ [name]: word })[name], `${name}=${word}`).toBe(["true", "1", "yes"].includes(word));
      for (const word of ["TRUE", "on", "y", "2"]) expect(problemsOf({ [name]: word })).toEqual([`${name}: must be true or false (1/0 and yes/no also work)`]);
    }
  });

  it("S3_FORCE_PATH_STYLE=yes reaches the storage as path-style, and an explicit false wins over an endpoint", () => {
    expect(parseEnv({ S3_FORCE_PATH_STYLE: "yes" }).S3_FORCE_PATH_STYLE).toBe(true);
    expect(parseEnv({ S3_FORCE_PATH_STYLE: "false", S3_ENDPOINT: "http://127.0.0.1:9000" }).S3_FORCE_PATH_STYLE).toBe(false);
  });
});

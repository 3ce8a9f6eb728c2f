import canonicalize from "canonicalize";
import { describe, expect, it } from "vitest";
import { canonicalJson, hashSigningKey, signBody } from "./signature";

/*
 * The engine signs the exact text it sends, and the SDK checks the signature over canonicalize(JSON.parse(body)):
 * one byte of difference and every call to the app is refused. The expected texts and signatures below were
 * produced by the engine's former hand-written serialiser, kept here verbatim as the oracle for random values.
 */
function formerCanonicalJson(value: unknown): string {
  if (typeof value === "number" && !Number.isFinite(value)) throw new Error("cannot serialise a non-finite number");
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (typeof (value as { toJSON?: unknown }).toJSON === "function") return formerCanonicalJson((value as { toJSON(): unknown }).toJSON());
  if (Array.isArray(value)) {
    return `[${value.map((item) => (item === undefined || typeof item === "function" || typeof item === "symbol" ? "null" : formerCanonicalJson(item))).join(",")}]`;
  }
  const record = value as Record<string, unknown>;
  const parts: string[] = [];
  for (const key of Object.keys(record).sort()) {
    const item = record[key];
    if (item === undefined || typeof item === "function" || typeof item === "symbol") continue;
    parts.push(`${JSON.stringify(key)}:${formerCanonicalJson(item)}`);
  }
  return `{${parts.join(",")}}`;
}

const KEY = "signkey-test-00112233445566778899aabbccddeeff";
const event = {
  id: "01J0EVENT",
  name: "export/requested",
  data: { exportId: "x1", filters: [{ column: "r\u00e9gion", op: "eq", value: 'Z\u00fcrich \u2028 "q"' }], limit: 1e21, ratio: 0.1, neg: -0 },
  ts: 1700000000000,
  user: {},
};
// The shape of a call request (invoke.ts), with the values that trip serialisers: unicode, exponents, -0, nulls.
const callBody = {
  event,
  events: [event],
  steps: { query: { data: { rows: 42, list: [1, null, true, "x"] } }, "b-step": null },
  ctx: {
    run_id: "01J0RUN",
    attempt: 2,
    max_attempts: 4,
    disable_immediate_execution: false,
    use_api: false,
    stack: { stack: ["query", "b-step"], current: 1 },
  },
  version: 1,
};
const eventText =
  '{"data":{"exportId":"x1","filters":[{"column":"r\u00e9gion","op":"eq","value":"Z\u00fcrich \u2028 \\"q\\""}],"limit":1e+21,"neg":0,"ratio":0.1},' +
  '"id":"01J0EVENT","name":"export/requested","ts":1700000000000,"user":{}}';
const callText =
  '{"ctx":{"attempt":2,"disable_immediate_execution":false,"max_attempts":4,"run_id":"01J0RUN","stack":{"current":1,"stack":["query","b-step"]},"use_api":false},' +
  `"event":${eventText},"events":[${eventText}],"steps":{"b-step":null,"query":{"data":{"list":[1,null,true,"x"],"rows":42}}},"version":1}`;

/** A small seeded generator (mulberry32), so a failure names a value that can be reproduced. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const STRINGS = ["", "a", "Z", "_id", "\u00e9t\u00e9", "\u20ac", "\ud83d\ude00", "tab\there", 'quote"', "back\\slash", "\u2028", "\u0000", "10", "2", "B", "b"];
const NUMBERS = [0, -0, 1, -1, 42, 0.1, 1e21, 1e-7, 123456789.125, -3.5e-300, Number.MAX_SAFE_INTEGER, 2 ** 53 + 2];

function jsonValue(next: () => number, depth: number): unknown {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
  const kind = depth > 3 ? Math.floor(next() * 4) : Math.floor(next() * 7);
  if (kind === 0) return pick(STRINGS);
  if (kind === 1) return pick(NUMBERS);
  if (kind === 2) return pick([true, false, null]);
  if (kind === 3) return undefined;
  if (kind === 4) return Array.from({ length: Math.floor(next() * 4) }, () => jsonValue(next, depth + 1));
  if (kind === 5) return new Date(Math.floor(next() * 4e12));
  return Object.fromEntries(Array.from({ length: Math.floor(next() * 5) }, () => [pick(STRINGS), jsonValue(next, depth + 1)]));
}

describe("canonical JSON and signatures", () => {
  it("serialises a call request byte for byte as before, so its signature is unchanged", () => {
    const text = canonicalJson(callBody);
    expect(text).toBe(callText);
    expect(signBody(text, KEY, 1700000000)).toBe("1a7723ce2e80ccbaaa90485f9b5b578f1b3de7998994c3819c8d748e45847c6f");
    expect(hashSigningKey(KEY)).toBe("signkey-test-a8faed6abbf35c12a4b26e40f6feb19d736d90045c83b9f9a31f638d323e6811");
  });

  it("agrees with the former serialiser on random JSON values, and with what the SDK recomputes from the body", () => {
    const next = random(18);
    for (let i = 0; i < 2000; i++) {
      const value = { payload: jsonValue(next, 0) };
      const text = canonicalJson(value);
      expect(text, `value ${i}`).toBe(formerCanonicalJson(value));
      expect(canonicalize(JSON.parse(text)), `value ${i} as the SDK reads it`).toBe(text);
    }
  });

  it("throws for a value JSON has no text for, rather than sending no body", () => {
    expect(() => canonicalJson(undefined)).toThrow("no text");
  });
});

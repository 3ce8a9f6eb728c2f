import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { AppError } from "../errors/app-error";
import { decodeCursor, encodeCursor } from "./cursor";

const STALE = "This page link is no longer valid; start again from the newest events";
const b64 = (text: string) => Buffer.from(text).toString("base64url");

function refusal(value: string): unknown {
  try {
    decodeCursor(value, STALE);
  } catch (error) {
    return error;
  }
  return undefined;
}

describe("keyset cursors", () => {
  it("round-trips a cursor through an opaque, URL-safe string, microseconds and all", () => {
    const cursor = { createdAt: "2026-03-04T05:06:07.123456Z", id: randomUUID() };
    const encoded = encodeCursor(cursor);
    expect(encoded).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(encoded).not.toContain(cursor.id);
    expect(decodeCursor(encoded, STALE)).toEqual(cursor);
  });

  it("carries only the position, not whatever else the row had", () => {
    const id = randomUUID();
    const row = { createdAt: "2026-03-04T05:06:07.000001Z", id, email: "someone@example.test" };
    expect(JSON.parse(Buffer.from(encodeCursor(row), "base64url").toString("utf8"))).toEqual({ createdAt: row.createdAt, id });
  });

  it("has no cursor on the last page and none on the first", () => {
    expect(encodeCursor(null)).toBeNull();
    expect(decodeCursor(undefined, STALE)).toBeNull();
    expect(decodeCursor(null, STALE)).toBeNull();
    expect(decodeCursor("", STALE)).toBeNull();
  });

  it.each([
    ["garbage", "garbage"],
    ["not base64 at all", "%%%"],
    ["an empty object", b64("{}")],
    ["the wrong kinds of value", b64('{"createdAt":"x","id":"y"}')],
    ["a date that is not a timestamp", b64(JSON.stringify({ createdAt: "yesterday", id: randomUUID() }))],
    ["an id that is not a uuid", b64(JSON.stringify({ createdAt: "2026-03-04T05:06:07.123456Z", id: "1 or 1=1" }))],
    ["a JSON array", b64("[1,2]")],
    ["a NUL byte", b64("\u0000")],
    ["a cursor cut short", encodeCursor({ createdAt: "2026-03-04T05:06:07.123456Z", id: randomUUID() }).slice(0, 20)],
  ])("refuses %s on the cursor field, in the caller's words", (_what, value) => {
    const error = refusal(value);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: "invalid", status: 422, message: STALE, fieldErrors: { cursor: STALE } });
  });

  it("says what each list asks it to say", () => {
    expect(() => decodeCursor("garbage", "The cursor is not valid; start again from the first page")).toThrow(
      "The cursor is not valid; start again from the first page",
    );
  });
});

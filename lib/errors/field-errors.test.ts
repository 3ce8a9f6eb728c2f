import { describe, expect, it } from "vitest";
import { z } from "zod";
import { isAppError } from "./app-error";
import { parseForPeople } from "./field-errors";

/** A schema that words nothing itself: what people read then comes from the fallback alone. */
const unworded = z.strictObject({
  from: z.string().max(10),
  count: z.number().int().min(1),
  kind: z.enum(["a", "b"]),
  tags: z.array(z.strictObject({ name: z.string() })).max(2),
});
const words = {
  labels: { from: "Start date", count: "Count", kind: "Kind", tags: "Tags", "tags.name": "The name" },
  item: (path: readonly PropertyKey[]) => (typeof path[1] === "number" ? `Tag ${path[1] + 1}` : undefined),
};

function refusal(raw: unknown): Record<string, string> {
  try {
    parseForPeople(unworded, raw, words);
  } catch (error) {
    if (isAppError(error)) return { detail: error.message, ...error.fieldErrors };
    throw error;
  }
  throw new Error("accepted");
}

describe("messages a schema did not word", () => {
  it("name the field by its label and say what to change, never in zod's words", () => {
    expect(refusal({ count: "1", kind: "c", tags: [{ name: 1 }, { name: "x" }], extra: 1 })).toEqual({
      detail: "Start date is missing. (4 more fields need a change.)",
      from: "Start date is missing.",
      count: "Count must be a number.",
      kind: 'Kind must be one of "a", "b".',
      tags: "Tag 1: the name must be text.",
      request: 'The request has a field the portal does not know: "extra". Remove it or check the spelling.',
    });
    expect(refusal({ from: "x".repeat(11), count: 0, kind: "a", tags: [] })).toMatchObject({
      from: "Start date can be at most 10 characters.",
      count: "Count must be at least 1.",
    });
    expect(refusal("nope")).toEqual({ detail: "The request must be an object.", request: "The request must be an object." });
  });
});

import { describe, expect, it } from "vitest";
import { parseRange } from "./range";

describe("parseRange", () => {
  it("serves the whole file without a Range header or with one it does not understand", () => {
    expect(parseRange(null, 100)).toEqual({ kind: "full" });
    expect(parseRange("items=0-5", 100)).toEqual({ kind: "full" });
    expect(parseRange("bytes=0-5,10-20", 100)).toEqual({ kind: "full" });
  });

  it("reads closed, open-ended and suffix ranges", () => {
    expect(parseRange("bytes=0-49", 100)).toEqual({ kind: "partial", start: 0, end: 49 });
    expect(parseRange("bytes=50-", 100)).toEqual({ kind: "partial", start: 50, end: 99 });
    expect(parseRange("bytes=-10", 100)).toEqual({ kind: "partial", start: 90, end: 99 });
    expect(parseRange("bytes=-1000", 100)).toEqual({ kind: "partial", start: 0, end: 99 });
    expect(parseRange("bytes=90-1000", 100)).toEqual({ kind: "partial", start: 90, end: 99 });
  });

  it("refuses ranges that start past the end or run backwards", () => {
    expect(parseRange("bytes=100-", 100)).toEqual({ kind: "unsatisfiable" });
    expect(parseRange("bytes=50-10", 100)).toEqual({ kind: "unsatisfiable" });
    expect(parseRange("bytes=-0", 100)).toEqual({ kind: "unsatisfiable" });
  });
});

import { describe, expect, it } from "vitest";
import { leastBusy } from "./dispatch";

describe("the workers' primary places a call", () => {
  it("on the worker with the fewest calls in hand, not the next in turn", () => {
    const inHand = new Map([
      ["a", 1],
      ["b", 0],
      ["c", 2],
    ]);
    const busy = (w: string) => inHand.get(w) ?? 0;
    // Round robin after "a" would pick "b" anyway; after "b" it would pick "c", the busiest.
    expect(leastBusy(["a", "b", "c"], busy, 0)).toBe(1);
    expect(leastBusy(["a", "b", "c"], busy, 1)).toBe(1);
    expect(leastBusy(["a", "b", "c"], busy, 2)).toBe(1);
  });

  it("in turns among equally busy workers, so idle ones share the calls", () => {
    const idle = () => 0;
    expect(leastBusy(["a", "b"], idle, -1)).toBe(0);
    expect(leastBusy(["a", "b"], idle, 0)).toBe(1);
    expect(leastBusy(["a", "b"], idle, 1)).toBe(0);
    expect(leastBusy([], idle, 0)).toBe(-1);
  });
});

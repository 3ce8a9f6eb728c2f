import { describe, expect, it } from "vitest";
import { phaseSummaryOf } from "./phases";

describe("an export's phase", () => {
  const counts = (over: Partial<{ done: number; running: number; retrying: number; waiting: number }>) => {
    const c = { done: 0, running: 0, retrying: 0, waiting: 0, ...over };
    return { ...c, total: c.done + c.running + c.retrying + c.waiting, retry: c.retrying ? { attempts: 2, lastError: "storage unavailable" } : null };
  };
  const phase = (...args: Parameters<typeof phaseSummaryOf>) => phaseSummaryOf(...args).phase;

  it("follows the status, and inside running what its partitions are doing", () => {
    expect(phase("pending", undefined)).toBe("queued");
    expect(phase("running", undefined)).toBe("planning");
    expect(phase("running", counts({ done: 1, running: 1, waiting: 1 }))).toBe("running");
    expect(phase("running", counts({ done: 1, retrying: 1, running: 1 }))).toBe("retrying");
    expect(phase("running", counts({ done: 2 }))).toBe("packaging");
    expect(phase("done", counts({ done: 1 }))).toBe("done");
    expect(phase("cancelled", counts({ done: 1, running: 1 }))).toBe("cancelled");
    expect(phase("failed", counts({ retrying: 1 }))).toBe("failed");
  });

  it("names the attempt of a partition being retried, of the four it gets, with the last error", () => {
    expect(phaseSummaryOf("running", counts({ done: 1, retrying: 1 })).retrying).toEqual({ attempt: 2, of: 4, lastError: "storage unavailable" });
    expect(phaseSummaryOf("failed", counts({ retrying: 1 })).retrying).toBeNull();
  });
});

import { describe, expect, it } from "vitest";
import { phaseOf } from "./phases";

describe("an export's phase", () => {
  const parts = (...statuses: ("waiting" | "running" | "retrying" | "done")[]) => statuses.map((status) => ({ status }));

  it("follows the status, and inside running what its partitions are doing", () => {
    expect(phaseOf("pending", [])).toBe("queued");
    expect(phaseOf("running", [])).toBe("planning");
    expect(phaseOf("running", parts("done", "running", "waiting"))).toBe("running");
    expect(phaseOf("running", parts("done", "retrying", "running"))).toBe("retrying");
    expect(phaseOf("running", parts("done", "done"))).toBe("packaging");
    expect(phaseOf("done", parts("done"))).toBe("done");
    expect(phaseOf("cancelled", parts("done", "running"))).toBe("cancelled");
    expect(phaseOf("failed", parts("retrying"))).toBe("failed");
  });
});

import { describe, expect, it } from "vitest";
import { SCRATCH_DISK_FULL_MESSAGE } from "./disk-full";
import { retryReason, userFacingFailure } from "./messages";

describe("the words a requester sees for a failed attempt", () => {
  it("names the known causes while retrying, and never repeats a raw error", () => {
    expect(retryReason(new Error("canceling statement due to statement timeout"))).toBe("the warehouse took too long to answer");
    expect(retryReason(new Error("connect ECONNREFUSED 10.0.0.5:5432"))).toBe("the warehouse or the file storage could not be reached");
    expect(retryReason(new Error(SCRATCH_DISK_FULL_MESSAGE))).toBe("the export server ran out of disk space");
    const raw = new Error('relation "warehouse.secret_table" does not exist at /srv/app/lib/x.ts:12');
    expect(retryReason(raw)).toBe("an unexpected error (the server log has the details)");
    expect(retryReason("thrown text")).not.toContain("thrown text");
  });

  it("ends a run with a sentence that says what to do", () => {
    expect(userFacingFailure({ message: "Connection terminated unexpectedly" }, 4)).toBe(
      "The warehouse could not be reached after 4 attempts. Resubmit later; if it keeps failing, tell your administrator.",
    );
    expect(userFacingFailure({ name: "NonRetriableError", message: "the realm is gone" }, 1)).toBe(
      "The request cannot be exported as it stands: the realm is gone. Change it and resubmit.",
    );
  });
});

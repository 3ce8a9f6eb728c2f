import { NonRetriableError } from "inngest";
import { describe, expect, it } from "vitest";
import { userFacingFailure } from "@/lib/export-runs/messages";
import { ExportRequestError } from "@/lib/exports/errors";
import { refusalIsFinal } from "./export-failure";

describe("a request the engine refuses at run time", () => {
  it("fails at once, in the words the API would answer, without the engine's field paths", async () => {
    const refused = refusalIsFinal(async () => {
      throw new ExportRequestError("dateTo", 'dateTo: "2024-02-30" is not a calendar date', "choose a real day.");
    });
    await expect(refused).rejects.toBeInstanceOf(NonRetriableError);
    const error = await refused.catch((e: Error) => e);
    expect(error.message).toBe("End date: choose a real day.");
    expect(userFacingFailure(error, 1)).toBe("The request cannot be exported as it stands: End date: choose a real day. Change it and resubmit.");
  });

  it("lets any other error be retried", async () => {
    const other = new Error("Connection terminated unexpectedly");
    await expect(
      refusalIsFinal(async () => {
        throw other;
      }),
    ).rejects.toBe(other);
  });
});

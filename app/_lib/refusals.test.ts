import { describe, expect, it } from "vitest";
import { toActionResult } from "@/lib/errors/action-result";
import { problemResponse } from "@/app/_lib/problem";
import { ExportRequestError } from "@/lib/exports/errors";
import { testDb } from "@/test/factories";
import { inputRefusal, refusalOf } from "@/lib/export-requests/refusals";

const { sql } = testDb();
const refusedBy = (query: string) =>
  sql.unsafe(query).then(
    () => null,
    (error: unknown) => error,
  );

describe("errors that are the request's fault without being AppErrors", () => {
  it("answers a value Postgres could not read as 422, not 500, in the API and the actions", async () => {
    for (const query of ["select '2025-02-30'::date", "select now() at time zone 'US/Pacific-New'", "select '2025-01-01T00:00+20:00'::timestamptz"]) {
      const error = await refusedBy(query);
      expect(error, query).toMatchObject({ code: expect.stringMatching(/^22/) });
      const res = problemResponse(error, "/api/v1/exports/estimate");
      expect(res.status, query).toBe(422);
      expect(await res.json()).toMatchObject({
        code: "invalid",
        detail: expect.stringMatching(/^One of the values in this request cannot be used: check the dates, the timezone and the filter values/),
      });
      const result = await toActionResult(() => Promise.reject(error));
      expect(result).toMatchObject({ ok: false, code: "invalid" });
    }
  });

  it("keeps a real fault of ours a 500", async () => {
    const error = await refusedBy("select * from no_such_table");
    expect(inputRefusal(error)).toBeNull();
    expect(problemResponse(error).status).toBe(500);
  });

  it("words an engine refusal with the form's label, keyed by the request field", () => {
    const filters = [{ field: "queue" }, { field: "nodes" }];
    expect(refusalOf(new ExportRequestError("filters[1].min", "technical", "enter a whole number as the minimum."), { filters })).toMatchObject({
      status: 422,
      message: "Filter 2 (nodes): enter a whole number as the minimum.",
      fieldErrors: { filters: "Filter 2 (nodes): enter a whole number as the minimum." },
    });
    expect(refusalOf(new ExportRequestError("dateTo", "technical", "it must be on or after the start date.")).fieldErrors).toEqual({
      to: "End date: it must be on or after the start date.",
    });
    expect(refusalOf(new ExportRequestError("scope.appIds[3]", "technical", "choose apps from the list.")).fieldErrors).toEqual({
      "scope.appIds": "App 4: choose apps from the list.",
    });
  });
});

import { describe, expect, it } from "vitest";
import { exportRequestInput } from "@/lib/export-requests/input";
import { parseExportRequest } from "@/lib/export-requests/service";
import { emptyDraft, toRequest, validateDraft, type Draft } from "./draft";
import { MAX_FILTER_VALUES, newFilter, opsFor, parseValues, type FilterDraft } from "./filters";

/* The New export form's filters: values read from a pasted list or a file, and what the draft sends. */
const TENANT = "7d4c1f52-3a3b-4c52-9d7e-5b0f3b6d2a10";
const limits = { maxRangeDays: null, maxRowsPerExport: 1_000_000 };
const draft = (change: Partial<Draft>): Draft => ({ ...emptyDraft("UTC"), realm: "jobs", fields: ["job_id"], from: "2025-01-01", to: "2025-01-31", ...change });
const filter = (change: Partial<FilterDraft>): FilterDraft => ({ field: "status", op: "eq", value: "", list: "", min: "", max: "", ...change });

describe("values of an 'is one of' list", () => {
  it("reads one per line, comma or tab separated, quoted CSV cells, without blanks, repeats or a byte order mark", () => {
    expect(parseValues("p-1\np-2\r\n\n p-3 \n")).toEqual(["p-1", "p-2", "p-3"]);
    expect(parseValues("p-1, p-2,p-3")).toEqual(["p-1", "p-2", "p-3"]);
    expect(parseValues('\uFEFFdevice\tsite\n"d-1, north"\tA\nd-2\tA\n')).toEqual(["device", "site", "d-1, north", "A", "d-2"]);
    expect(parseValues("  \n \n")).toEqual([]);
  });

  it("drops a header that names the field, as a spreadsheet's column starts", () => {
    expect(parseValues("participant_id\nP-001\nP-002\n", "participant_id")).toEqual(["P-001", "P-002"]);
    expect(parseValues("P-001\nparticipant_id\n", "participant_id")).toEqual(["P-001", "participant_id"]);
  });
});

describe("operators by field type", () => {
  it("offers equals and one-of for text and ids, a range for numbers and times, nothing for JSON", () => {
    expect(opsFor("text")).toEqual(["eq", "in"]);
    expect(opsFor("uuid")).toEqual(["eq", "in"]);
    for (const t of ["integer", "bigint", "double", "timestamp"] as const) expect(opsFor(t)).toEqual(["range"]);
    expect(opsFor("json")).toEqual([]);
  });
});

describe("a draft with filters", () => {
  it("sends each filter in the request's shape, which the server's schema reads", () => {
    const body = toRequest(
      draft({
        filters: [
          filter({ op: "eq", value: " done " }),
          filter({ field: "user_id", op: "in", list: "u1\nu2,u3" }),
          filter({ field: "nodes", op: "range", min: "2", max: "" }),
        ],
      }),
      TENANT,
    );
    expect(body).toMatchObject({
      filters: [
        { field: "status", op: "eq", value: "done" },
        { field: "user_id", op: "in", values: ["u1", "u2", "u3"] },
        { field: "nodes", op: "range", min: "2" },
      ],
    });
    expect(exportRequestInput.parse(body).filters).toHaveLength(3);
  });

  it("leaves blank filters out of the request, and asks for their value before submitting", () => {
    const d = draft({ filters: [filter({ op: "range" })] });
    expect(toRequest(d, TENANT)).toMatchObject({ filters: [] });
    expect(validateDraft(d, limits).filters).toBe("Filter 1: enter a minimum, a maximum or both, or remove the filter.");
  });

  it("puts the filters on the first realm when there are several", () => {
    const body = toRequest(draft({ filters: [filter({ value: "done" })], moreRealms: [{ realm: "events", fields: ["id"] }] }), TENANT);
    expect(body).toMatchObject({ realms: [{ realm: "jobs", filters: [{ field: "status", op: "eq", value: "done" }] }, { realm: "events" }] });
    expect(body).not.toHaveProperty("filters");
  });

  it("sends each further realm's own filters, and asks for an unfinished one by its realm", () => {
    const more = { realm: "events", fields: ["id"], filters: [filter({ field: "platform", value: "ios" }), filter({ field: "country" })] };
    expect(toRequest(draft({ moreRealms: [more] }), TENANT)).toMatchObject({
      realms: [
        { realm: "jobs", filters: [] },
        { realm: "events", filters: [{ field: "platform", op: "eq", value: "ios" }] },
      ],
    });
    expect(validateDraft(draft({ moreRealms: [more] }), limits).realms).toBe("Realm 2, filter 2: enter a value, or remove the filter.");
  });

  it("refuses a list longer than the server takes, with the server's number", () => {
    const list = Array.from({ length: MAX_FILTER_VALUES + 1 }, (_, i) => `p${i}`).join("\n");
    expect(validateDraft(draft({ filters: [filter({ op: "in", list })] }), limits).filters).toBe(
      "Filter 1: 1,001 values is more than the 1,000 one filter may list; split the list into several exports.",
    );
    const atLimit = list.split("\n").slice(0, MAX_FILTER_VALUES).join("\n");
    expect(validateDraft(draft({ filters: [filter({ op: "in", list: atLimit })] }), limits)).toEqual({});
    const tooMany = toRequest(draft({ filters: [filter({ op: "in", list })] }), TENANT);
    // The server refuses it too, in the same words, should a client send it anyway.
    expect(() => parseExportRequest(tooMany)).toThrow(
      expect.objectContaining({
        message: "Filter 1 (status): list at most 1,000 values; split the list into several exports.",
        fieldErrors: { filters: "Filter 1 (status): list at most 1,000 values; split the list into several exports." },
      }),
    );
  });

  it("starts a new filter on the realm's first filterable field", () => {
    const realm = {
      id: "r",
      label: "R",
      description: "",
      fields: [
        { name: "meta", type: "json" as const, description: "" },
        { name: "n", type: "integer" as const, description: "" },
      ],
    };
    expect(newFilter(realm)).toMatchObject({ field: "n", op: "range" });
  });
});

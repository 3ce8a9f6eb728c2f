import { describe, expect, it } from "vitest";
import { exportRequestInput } from "@/lib/export-requests/input";
import { emptyDraft, toRequest, validateDraft, type Draft } from "./draft";

/* The New export form's draft with several realms: what it sends, and what it says before sending. */
const TENANT = "7d4c1f52-3a3b-4c52-9d7e-5b0f3b6d2a10";
const limits = { maxRangeDays: null, maxRowsPerExport: 1_000_000 };
const draft = (change: Partial<Draft>): Draft => ({ ...emptyDraft("UTC"), realm: "jobs", fields: ["job_id"], from: "2025-01-01", to: "2025-01-31", ...change });

describe("a draft with several realms", () => {
  it("sends realms, each with its fields, and none of the one-realm shorthand; the server's schema reads it", () => {
    const body = toRequest(draft({ moreRealms: [{ realm: "events", fields: ["id", "event_type"] }] }), TENANT);
    expect(body).toMatchObject({
      realms: [
        { realm: "jobs", fields: ["job_id"] },
        { realm: "events", fields: ["id", "event_type"] },
      ],
    });
    for (const key of ["realm", "fields", "filters"]) expect(body).not.toHaveProperty(key);
    expect(exportRequestInput.parse(body).realms).toHaveLength(2);
  });

  it("sends one realm as it always did", () => {
    expect(toRequest(draft({}), TENANT)).toMatchObject({ realm: "jobs", fields: ["job_id"], filters: [] });
    expect(toRequest(draft({}), TENANT)).not.toHaveProperty("realms");
  });

  it("asks for a realm added but not chosen, and for fields of every realm", () => {
    expect(validateDraft(draft({ moreRealms: [{ realm: "", fields: [] }] }), limits).realms).toBe("Choose realm 2, or remove it");
    expect(validateDraft(draft({ moreRealms: [{ realm: "events", fields: [] }] }), limits).realms).toBe("Choose at least one field of every realm");
    expect(validateDraft(draft({ moreRealms: [{ realm: "events", fields: ["id"] }] }), limits)).toEqual({});
  });
});

import { describe, expect, it } from "vitest";
import { askAdmins, missingDownloadReason, type ActionHelp } from "./why";

const done = {
  status: "done" as const,
  realm: "lab",
  realmLabel: "Lab results",
  scope: { type: "tenant" as const },
  can: { download: false, cancel: false, delete: false, resubmit: false },
};
const analyst: ActionHelp = { downloadRealms: ["jobs", "events"], organizationWide: true, admins: [{ name: "Ada Admin", email: "admin@acme.test" }] };

describe("why an export has no Download", () => {
  it("names the realm the role may not download", () => {
    expect(missingDownloadReason(done, analyst)).toBe("Your role may not download Lab results.");
    expect(missingDownloadReason({ ...done, realm: "jobs", realmLabel: "Compute jobs" }, { ...analyst, downloadRealms: [] })).toBe(
      "Your role may not download Compute jobs.",
    );
  });

  it("names an organization-wide export for a tenant-level role", () => {
    expect(missingDownloadReason({ ...done, realm: "jobs", scope: { type: "organization" } }, { ...analyst, organizationWide: false })).toMatch(
      /entire organization/,
    );
  });

  it("says nothing where Download shows, or the export is not finished", () => {
    expect(missingDownloadReason({ ...done, can: { ...done.can, download: true } }, analyst)).toBeNull();
    expect(missingDownloadReason({ ...done, status: "running" }, analyst)).toBeNull();
    expect(missingDownloadReason({ ...done, status: "expired" }, analyst)).toBeNull();
  });

  it("names the admins to ask", () => {
    expect(askAdmins(analyst.admins)).toBe("Ask Ada Admin (admin@acme.test) to change your role.");
    expect(
      askAdmins([
        { name: null, email: "a@x.test" },
        { name: "B", email: "b@x.test" },
        { name: null, email: "c@x.test" },
      ]),
    ).toBe("Ask a@x.test, B (b@x.test) or c@x.test to change your role.");
    expect(askAdmins([])).toBe("Ask an organization admin to change your role.");
  });
});

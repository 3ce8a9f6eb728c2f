import { beforeAll, describe, expect, it } from "vitest";
import { addMember, createOrg, createUser, insertTestExport, testDb, type TestOrg } from "@/test/factories";
import { listExports, type ListFilters } from "./exports";
import type { KeysetCursor } from "./keyset";

/*
 * The list's filters, search and orders, against real Postgres. Every export of the first tenant has a twin
 * in the second tenant that matches the same filters, so a filter that forgot the tenant shows it.
 */

const { db } = testDb();
let org: TestOrg;
let ana: { id: string; email: string };
let ben: { id: string; email: string };
const ids: Record<string, string> = {};
const names: Record<string, string> = {};

const at = (minute: number) => new Date(Date.UTC(2026, 0, 10, 12, minute));

beforeAll(async () => {
  org = await createOrg(db, "Filters");
  ana = await createUser(db, "ana");
  ben = await createUser(db, "ben");
  await addMember(db, org, ana.id, "admin");
  await addMember(db, org, ben.id, "admin");
  const rows = [
    { key: "anaJobsDone", by: ana, realm: "jobs", status: "done" as const, name: "Quarterly jobs", minute: 1, rowCount: 10 },
    { key: "anaEventsFailed", by: ana, realm: "events", status: "failed" as const, name: "Cluster events 100%", minute: 2 },
    { key: "benJobsPending", by: ben, realm: "jobs", status: "pending" as const, name: "Ben's quarterly_pull", minute: 3 },
    // Done but past its expiry: the view calls it expired, and so must the filter.
    { key: "benJobsLapsed", by: ben, realm: "jobs", status: "done" as const, name: "Old jobs", minute: 4, expiresAt: new Date("2026-01-01T00:00:00Z") },
  ];
  for (const r of rows) {
    const values = { realm: r.realm, status: r.status, name: r.name, createdAt: at(r.minute), rowCount: r.rowCount ?? null, expiresAt: r.expiresAt ?? null };
    ids[r.key] = await insertTestExport(db, org, r.by.id, { ...values, tenant: 0 });
    ids[`${r.key}:other`] = await insertTestExport(db, org, r.by.id, { ...values, tenant: 1 });
    names[ids[r.key] ?? ""] = r.key;
  }
});

async function list(filters: ListFilters & { requestedBy?: string; cursor?: KeysetCursor }): Promise<string[]> {
  const rows = await listExports(db, { organizationId: org.organizationId, tenantId: org.tenantIds[0], limit: 100, ...filters });
  return rows.map((e) => names[e.id] ?? `foreign ${e.id}`);
}

describe("listExports filters one tenant's exports", () => {
  it("by status, with a lapsed done export counted as expired, not done", async () => {
    expect(await list({ statuses: ["done"] })).toEqual(["anaJobsDone"]);
    expect(await list({ statuses: ["expired"] })).toEqual(["benJobsLapsed"]);
    expect(await list({ statuses: ["pending", "failed"] })).toEqual(["benJobsPending", "anaEventsFailed"]);
  });

  it("by realm, by requester (any case) and only mine", async () => {
    expect(await list({ realm: "events" })).toEqual(["anaEventsFailed"]);
    expect(await list({ requesterEmail: ben.email.toUpperCase() })).toEqual(["benJobsLapsed", "benJobsPending"]);
    expect(await list({ requestedBy: ana.id })).toEqual(["anaEventsFailed", "anaJobsDone"]);
    expect(await list({ requesterEmail: "nobody@example.org" })).toEqual([]);
  });

  it("searches names without regard to case, taking % and _ literally", async () => {
    expect(await list({ search: "QUARTERLY" })).toEqual(["benJobsPending", "anaJobsDone"]);
    expect(await list({ search: "100%" })).toEqual(["anaEventsFailed"]);
    expect(await list({ search: "y_p" })).toEqual(["benJobsPending"]);
    expect(await list({ search: "%" })).toEqual(["anaEventsFailed"]);
  });

  it("sorts oldest first and pages on in that order", async () => {
    expect(await list({ sort: "oldest" })).toEqual(["anaJobsDone", "anaEventsFailed", "benJobsPending", "benJobsLapsed"]);
    const [first] = await listExports(db, { organizationId: org.organizationId, tenantId: org.tenantIds[0], limit: 1, sort: "oldest" });
    if (!first) throw new Error("no first row");
    const next = await list({ sort: "oldest", cursor: { createdAt: first.createdAtExact, id: first.id } });
    expect(next).toEqual(["anaEventsFailed", "benJobsPending", "benJobsLapsed"]);
  });

  it("combines filters, and never lists the other tenant's twin", async () => {
    expect(await list({ realm: "jobs", statuses: ["done", "pending"], search: "quarterly", requesterEmail: ben.email })).toEqual(["benJobsPending"]);
    expect(await list({})).toEqual(["benJobsLapsed", "benJobsPending", "anaEventsFailed", "anaJobsDone"]);
  });
});

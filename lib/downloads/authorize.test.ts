import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { exports } from "@/db/schema";
import { addMember, createOrg, createUser, insertTestExport, testDb, type TestOrg } from "@/test/factories";
import { authorizeDownload } from "./authorize";

const { db, sql } = testDb();

let org: TestOrg;
let other: TestOrg;
const people: Record<string, { id: string }> = {};

async function insertExport(values: Partial<typeof exports.$inferInsert> = {}) {
  const id = values.id ?? randomUUID();
  await insertTestExport(db, org, people.requester.id, {
    scopeLabel: "Tenant 1",
    status: "done",
    storageKey: `${org.organizationId}/${id}.zip`,
    fileName: "jobs_tenant-1_2024-01-01_to_2024-01-31.zip",
    sizeBytes: 1234,
    sha256: "ab".repeat(32),
    rowCount: 10,
    expiresAt: new Date(Date.now() + 86_400_000),
    ...values,
    id,
  });
  return id;
}

beforeAll(async () => {
  org = await createOrg(db, "Downloads");
  other = await createOrg(db, "Other");
  for (const name of ["requester", "colleague", "viewer", "otherTenant", "otherOrg", "removed", "admin"]) people[name] = await createUser(db, name);
  await addMember(db, org, people.requester.id, "analyst", org.tenantIds[0]);
  await addMember(db, org, people.colleague.id, "analyst", org.tenantIds[0]);
  await addMember(db, org, people.viewer.id, "viewer");
  await addMember(db, org, people.otherTenant.id, "analyst", org.tenantIds[1]);
  await addMember(db, other, people.otherOrg.id, "admin");
  await addMember(db, org, people.removed.id, "analyst", org.tenantIds[0]);
  await addMember(db, org, people.admin.id, "admin");
});

describe("who may download a done export", () => {
  const expected: Record<string, "ready" | "not_found"> = {
    requester: "ready",
    colleague: "ready",
    admin: "ready",
    // Viewers read the table but their role may export no realm, so the file is not theirs to take.
    viewer: "not_found",
    otherTenant: "not_found",
    otherOrg: "not_found",
  };
  for (const [who, outcome] of Object.entries(expected)) {
    it(`${who}: ${outcome}`, async () => {
      const id = await insertExport();
      const result = await authorizeDownload(db, people[who].id, id).then(
        (d) => d.kind,
        (e) => e.code,
      );
      expect(result).toBe(outcome);
    });
  }

  it("a member removed after the request gets not_found (checked at download time)", async () => {
    const id = await insertExport({ requestedBy: people.removed.id });
    expect((await authorizeDownload(db, people.removed.id, id)).kind).toBe("ready");
    await sql`delete from memberships where user_id = ${people.removed.id}`;
    await expect(authorizeDownload(db, people.removed.id, id)).rejects.toMatchObject({ code: "not_found" });
  });

  it("a role that may no longer export the realm gets not_found", async () => {
    const id = await insertExport({ realm: "events" });
    expect((await authorizeDownload(db, people.colleague.id, id)).kind).toBe("ready");
    await sql`update roles set realms = array['jobs'] where id = ${org.roleIds.analyst}`;
    try {
      await expect(authorizeDownload(db, people.colleague.id, id)).rejects.toMatchObject({ code: "not_found" });
    } finally {
      await sql`update roles set realms = array['jobs','events'] where id = ${org.roleIds.analyst}`;
    }
  });
});

describe("organization-wide exports", () => {
  it("are downloadable by organization-level members only, not by a member of the tenant they are filed under", async () => {
    const id = await insertExport({ scope: { type: "organization" }, scopeLabel: "Organization Downloads", requestedBy: people.admin.id });
    expect((await authorizeDownload(db, people.admin.id, id)).kind).toBe("ready");
    await expect(authorizeDownload(db, people.colleague.id, id)).rejects.toMatchObject({ code: "not_found" });
  });
});

describe("export states", () => {
  it("expired by status or by date is 'expired'; deleted and unknown ids are not_found; unfinished is not-ready", async () => {
    expect((await authorizeDownload(db, people.requester.id, await insertExport({ status: "expired" }))).kind).toBe("expired");
    expect((await authorizeDownload(db, people.requester.id, await insertExport({ expiresAt: new Date(Date.now() - 1000) }))).kind).toBe("expired");
    await expect(authorizeDownload(db, people.requester.id, await insertExport({ deletedAt: new Date() }))).rejects.toMatchObject({ code: "not_found" });
    await expect(authorizeDownload(db, people.requester.id, randomUUID())).rejects.toMatchObject({ code: "not_found" });
    expect((await authorizeDownload(db, people.requester.id, await insertExport({ status: "running", storageKey: null }))).kind).toBe("not-ready");
  });
});

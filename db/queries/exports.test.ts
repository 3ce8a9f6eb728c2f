import { beforeAll, describe, expect, it } from "vitest";
import { addMember, createOrg, createUser, insertTestExport, testDb, type TestOrg } from "@/test/factories";
import { getExport, listExports } from "./exports";

/* The tenant clause of the export queries, asserted at the query itself. */

const { db } = testDb();
let org: TestOrg;
let inA: string;
let inB: string;

async function insert(tenant: 0 | 1, requestedBy: string) {
  return insertTestExport(db, org, requestedBy, { tenant });
}

beforeAll(async () => {
  org = await createOrg(db, "Queries");
  const user = await createUser(db, "queries");
  await addMember(db, org, user.id, "admin");
  inA = await insert(0, user.id);
  inB = await insert(1, user.id);
});

describe("getExport and listExports keep to the named tenant", () => {
  it("getExport finds an export under its own tenant only", async () => {
    expect((await getExport(db, { organizationId: org.organizationId, tenantId: org.tenantIds[0], id: inA }))?.id).toBe(inA);
    expect(await getExport(db, { organizationId: org.organizationId, tenantId: org.tenantIds[0], id: inB })).toBeNull();
  });

  it("listExports lists the named tenant's exports only", async () => {
    const ids = (await listExports(db, { organizationId: org.organizationId, tenantId: org.tenantIds[0], limit: 100 })).map((e) => e.id);
    expect(ids).toEqual([inA]);
  });
});

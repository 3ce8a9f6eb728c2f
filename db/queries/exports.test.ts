import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { exports } from "@/db/schema";
import { addMember, createOrg, createUser, testDb, type TestOrg } from "@/test/factories";
import { getExport, listExports } from "./exports";

/* The tenant clause of the export queries, asserted at the query itself. */

const { db } = testDb();
let org: TestOrg;
let inA: string;
let inB: string;

async function insert(tenant: 0 | 1, requestedBy: string) {
  const id = randomUUID();
  await db.insert(exports).values({
    id,
    organizationId: org.organizationId,
    tenantId: org.tenantIds[tenant],
    requestedBy,
    scope: { type: "tenant" },
    scopeLabel: "Tenant",
    realm: "jobs",
    fields: ["job_id"],
    dateFrom: "2024-01-01",
    dateTo: "2024-01-31",
    timezone: "UTC",
    format: "csv",
  });
  return id;
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

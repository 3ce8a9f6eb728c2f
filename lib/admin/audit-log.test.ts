import { sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { addMember as addMembership, createOrg, createUser, testDb, type TestOrg } from "@/test/factories";
import { recordAudit } from "../audit/record";
import type { Actor } from "../permissions/actor";
import { listAuditLog } from "./audit-log";

/* The audit log's filters besides action: who did it (part of their email) and which UTC days. */

const { db } = testDb();
const context = { ip: "198.51.100.7", userAgent: "vitest" };

let org: TestOrg;
let admin: Actor;
let other: { id: string; email: string };
let place: { organizationId: string; tenantId: null };

beforeEach(async () => {
  org = await createOrg(db, "Audit");
  const user = await createUser(db, "admin");
  other = await createUser(db, "analyst_100%");
  await addMembership(db, org, user.id, "admin");
  admin = { userId: user.id, context };
  place = { organizationId: org.organizationId, tenantId: null };
  const at = [
    ["2026-03-01T23:59:59.999Z", user.id],
    ["2026-03-02T00:00:00Z", other.id],
    ["2026-03-03T12:00:00Z", user.id],
    ["2026-03-04T00:00:00Z", other.id],
  ] as const;
  for (const [when, who] of at) {
    await recordAudit(db, { organizationId: org.organizationId, tenantId: null, actorUserId: who, action: "export.requested", details: { when }, context });
  }
  await db.execute(sql`update audit_events set created_at = (details->>'when')::timestamptz where organization_id = ${org.organizationId}`);
});

const whens = async (filters: Record<string, string>) => (await listAuditLog(db, admin, place, filters)).items.map((e) => e.details?.when);

describe("audit log filters", () => {
  it("by part of the actor's email, any case, with LIKE's wildcards taken literally", async () => {
    expect(await whens({ actor: other.email.slice(0, 12).toUpperCase() })).toEqual(["2026-03-04T00:00:00Z", "2026-03-02T00:00:00Z"]);
    expect(await whens({ actor: "_100%" })).toEqual(["2026-03-04T00:00:00Z", "2026-03-02T00:00:00Z"]);
    expect(await whens({ actor: "n%a" })).toEqual([]);
  });

  it("by UTC days, both included, and with the actor and action together", async () => {
    expect(await whens({ from: "2026-03-02", to: "2026-03-03" })).toEqual(["2026-03-03T12:00:00Z", "2026-03-02T00:00:00Z"]);
    expect(await whens({ from: "2026-03-03" })).toEqual(["2026-03-04T00:00:00Z", "2026-03-03T12:00:00Z"]);
    expect(await whens({ to: "2026-03-01" })).toEqual(["2026-03-01T23:59:59.999Z"]);
    expect(await whens({ from: "2026-03-02", actor: other.email, action: "export.requested" })).toEqual(["2026-03-04T00:00:00Z", "2026-03-02T00:00:00Z"]);
    expect(await whens({ from: "", to: "", actor: " " })).toHaveLength(4);
  });

  it("says what to fix in a bad date or a range that ends before it starts", async () => {
    await expect(listAuditLog(db, admin, place, { from: "March" })).rejects.toMatchObject({ fieldErrors: { from: "From must be a date such as 2026-05-01" } });
    await expect(listAuditLog(db, admin, place, { from: "2026-03-04", to: "2026-03-01" })).rejects.toMatchObject({
      fieldErrors: { to: "To must be on or after From" },
    });
  });
});

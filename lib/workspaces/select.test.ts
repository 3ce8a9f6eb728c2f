import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { toActionResult } from "@/lib/errors/action-result";
import { memberships, roles, userPreferences } from "@/db/schema";
import { addMember, createOrg, createUser, testDb, type TestOrg } from "@/test/factories";
import { selectWorkspace, WORKSPACE_NO_EXPORTS, WORKSPACE_UNAVAILABLE } from "./select";

const { db } = testDb();

let org: TestOrg;
let foreign: TestOrg;

beforeAll(async () => {
  org = await createOrg(db, "Switch");
  foreign = await createOrg(db, "Elsewhere");
});

const pick = (o: TestOrg, tenant = 0) => `${o.organizationId}:${o.tenantIds[tenant]}`;
const remembered = async (userId: string) => {
  const [row] = await db.select().from(userPreferences).where(eq(userPreferences.userId, userId));
  return row ? { organizationId: row.organizationId, tenantId: row.tenantId } : null;
};

/** A user who works in the first tenant of `org` (and has that workspace selected). */
async function memberWithSelection(role = "analyst", tenantId: string | null = null) {
  const user = await createUser(db, role);
  await addMember(db, org, user.id, role, tenantId);
  await selectWorkspace(db, user.id, pick(org));
  return user;
}

describe("selectWorkspace", () => {
  it("remembers a workspace the user may use, and forgets it for an empty choice", async () => {
    const user = await memberWithSelection();
    expect(await remembered(user.id)).toEqual({ organizationId: org.organizationId, tenantId: org.tenantIds[0] });
    expect(await selectWorkspace(db, user.id, pick(org, 1))).toEqual({ organizationId: org.organizationId, tenantId: org.tenantIds[1] });
    expect(await remembered(user.id)).toEqual({ organizationId: org.organizationId, tenantId: org.tenantIds[1] });
    expect(await selectWorkspace(db, user.id, "")).toBeNull();
    expect(await remembered(user.id)).toEqual({ organizationId: null, tenantId: null });
  });

  // Every way to ask for a workspace one may not use: the same refusal, a 4xx, and the selection unchanged.
  const refusals: [string, () => string, "tenant-level only"?][] = [
    ["a tenant of another organization, under one's own organization", () => `${org.organizationId}:${foreign.tenantIds[0]}`],
    ["another organization and its tenant", () => pick(foreign)],
    ["another organization with one's own tenant", () => `${foreign.organizationId}:${org.tenantIds[0]}`],
    ["a made-up tenant of one's own organization", () => `${org.organizationId}:${randomUUID()}`],
    ["a made-up organization and tenant", () => `${randomUUID()}:${randomUUID()}`],
    ["a tenant of one's organization outside one's tenant membership", () => pick(org, 1), "tenant-level only"],
    ["text that is not a choice", () => "not-a-workspace"],
    ["an organization without a tenant", () => `${org.organizationId}:`],
    ["an extra part", () => `${pick(org)}:${randomUUID()}`],
  ];
  for (const tenantMember of [false, true]) {
    for (const [what, value, only] of refusals) {
      if (only && !tenantMember) continue;
      it(`refuses ${what} (${tenantMember ? "tenant" : "organization"}-level member): not found, nothing saved`, async () => {
        const user = await memberWithSelection("analyst", tenantMember ? org.tenantIds[0] : null);
        const before = await remembered(user.id);
        const result = await toActionResult(() => selectWorkspace(db, user.id, value()));
        expect(result).toEqual({ ok: false, code: "not_found", message: WORKSPACE_UNAVAILABLE, fieldErrors: {} });
        expect(await remembered(user.id)).toEqual(before);
      });
    }
  }

  it("refuses the workspace of a membership removed since the switcher was shown, keeping the selection", async () => {
    const user = await memberWithSelection("analyst", org.tenantIds[0]);
    await addMember(db, org, user.id, "viewer", org.tenantIds[1]);
    await selectWorkspace(db, user.id, pick(org, 1));
    // Removed from the second tenant while the page with it in the list is still open.
    const rows = await db.select().from(memberships).where(eq(memberships.userId, user.id));
    const second = rows.find((m) => m.tenantId === org.tenantIds[1]);
    await db.delete(memberships).where(eq(memberships.id, second?.id ?? ""));
    await selectWorkspace(db, user.id, pick(org));
    const result = await toActionResult(() => selectWorkspace(db, user.id, pick(org, 1)));
    expect(result).toEqual({ ok: false, code: "not_found", message: WORKSPACE_UNAVAILABLE, fieldErrors: {} });
    expect(await remembered(user.id)).toEqual({ organizationId: org.organizationId, tenantId: org.tenantIds[0] });

    // Removed from the organization altogether: every workspace of it is refused the same way.
    await db.delete(memberships).where(eq(memberships.userId, user.id));
    for (const value of [pick(org), pick(org, 1)]) {
      expect(await toActionResult(() => selectWorkspace(db, user.id, value))).toMatchObject({ ok: false, code: "not_found", message: WORKSPACE_UNAVAILABLE });
    }
    expect(await remembered(user.id)).toEqual({ organizationId: org.organizationId, tenantId: org.tenantIds[0] });
  });

  it("refuses a workspace where the user's role cannot see exports, saying what is missing", async () => {
    const roleId = randomUUID();
    await db.insert(roles).values({
      id: roleId,
      organizationId: org.organizationId,
      key: `members-only-${roleId.slice(0, 6)}`,
      name: "Members only",
      permissions: ["members.manage"],
      realms: [],
    });
    const user = await memberWithSelection("analyst", org.tenantIds[0]);
    await db.insert(memberships).values({ userId: user.id, organizationId: org.organizationId, tenantId: org.tenantIds[1], roleId });
    const result = await toActionResult(() => selectWorkspace(db, user.id, pick(org, 1)));
    expect(result).toEqual({ ok: false, code: "forbidden", message: WORKSPACE_NO_EXPORTS, fieldErrors: {} });
    expect(await remembered(user.id)).toEqual({ organizationId: org.organizationId, tenantId: org.tenantIds[0] });
  });
});

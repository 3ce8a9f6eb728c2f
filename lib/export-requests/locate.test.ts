import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { memberships, roles } from "@/db/schema";
import { addMember, createOrg, createUser, insertTestExport, testDb, type TestOrg } from "@/test/factories";
import { locateExport } from "./locate";

const { db } = testDb();

let org: TestOrg;
let foreign: TestOrg;
let analyst: { id: string };
let mine: string;
let inSecondTenant: string;
let foreignExport: string;

const ws = (o: TestOrg, tenant = 0) => ({ organizationId: o.organizationId, tenantId: o.tenantIds[tenant] });

beforeAll(async () => {
  org = await createOrg(db, "Locate");
  foreign = await createOrg(db, "Locate elsewhere");
  analyst = await createUser(db, "locator");
  await addMember(db, org, analyst.id, "analyst");
  const stranger = await createUser(db, "stranger");
  await addMember(db, foreign, stranger.id, "admin");
  mine = await insertTestExport(db, org, analyst.id);
  inSecondTenant = await insertTestExport(db, org, analyst.id, { tenant: 1 });
  foreignExport = await insertTestExport(db, foreign, stranger.id);
});

describe("locateExport", () => {
  it("shows an export in its own workspace, with the access it was checked against", async () => {
    const found = await locateExport(db, analyst.id, ws(org), mine);
    expect(found.kind).toBe("show");
    if (found.kind === "show") {
      expect(found.row.id).toBe(mine);
      expect(found.access.permissions.has("data.exports.read")).toBe(true);
    }
  });

  it("moves a link without a workspace, or with another of the person's workspaces, to the export's own", async () => {
    const to = `/o/${org.organizationId}/t/${org.tenantIds[1]}/exports/${inSecondTenant}`;
    expect(await locateExport(db, analyst.id, null, inSecondTenant)).toEqual({ kind: "move", to });
    expect(await locateExport(db, analyst.id, ws(org, 0), inSecondTenant)).toEqual({ kind: "move", to });
  });

  it("answers another organization's export exactly as a made-up id, a malformed one and a deleted one", async () => {
    const deleted = await insertTestExport(db, org, analyst.id, { deletedAt: new Date() });
    const answers = [];
    for (const [inUrl, id] of [
      [ws(org), foreignExport],
      [ws(foreign), foreignExport],
      [null, foreignExport],
      [ws(org), randomUUID()],
      [null, randomUUID()],
      [ws(org), "not-an-id"],
      [ws(org), deleted],
    ] as const)
      answers.push(JSON.stringify(await locateExport(db, analyst.id, inUrl, id)));
    expect(new Set(answers)).toEqual(new Set([JSON.stringify({ kind: "not_found" })]));
  });

  it("answers not found where the person's role may not see exports, as for a foreign id", async () => {
    const roleId = randomUUID();
    await db.insert(roles).values({
      id: roleId,
      organizationId: org.organizationId,
      key: `no-read-${roleId.slice(0, 6)}`,
      name: "No read",
      permissions: ["tokens.manage"],
      realms: [],
    });
    const member = await createUser(db, "no-read");
    await db.insert(memberships).values({ userId: member.id, organizationId: org.organizationId, tenantId: null, roleId });
    expect(await locateExport(db, member.id, ws(org), mine)).toEqual({ kind: "not_found" });
    expect(await locateExport(db, member.id, ws(org), foreignExport)).toEqual({ kind: "not_found" });
  });
});

import { sql as raw } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { createApiToken, revokeApiToken } from "@/lib/api-tokens/service";
import { toActionResult, type ActionResult } from "@/lib/errors/action-result";
import { expectActionRefusedForPeople } from "@/test/api-calls";
import { addMember, createOrg, createUser, testDb, type TestOrg } from "@/test/factories";
import { BAD_STRINGS, BAD_VALUES, pick, seededRandom } from "@/test/hostile-inputs";
import { updateLimits } from "./limits";
import { addMember as addMemberTo, removeMember, updateMember } from "./members";
import { updateRole } from "./roles";

/*
 * Malformed and hostile input to the domain functions behind the admin and token server actions, on the
 * real database. Every answer must be a refusal a person can act on, and nothing may be written. (The
 * export routes and actions: app/api/v1/fuzz.test.ts.)
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20261201);
const random = seededRandom(SEED);
const { db } = testDb();
let org: TestOrg;
let admin: { id: string; email: string };
let answered = 0;

/** Rows of this test's organization and user only: other test files share the database. */
async function counts() {
  const [row] = await db.execute<{ audit: number; tokens: number; memberships: number }>(raw`
    select (select count(*)::int from audit_events where organization_id = ${org.organizationId} or actor_user_id = ${admin.id}) as audit,
           (select count(*)::int from api_tokens where organization_id = ${org.organizationId} or user_id = ${admin.id}) as tokens,
           (select count(*)::int from memberships where organization_id = ${org.organizationId}) as memberships`);
  return row;
}
let before: Awaited<ReturnType<typeof counts>>;

beforeAll(async () => {
  org = await createOrg(db, "Fuzz admin");
  admin = await createUser(db, "fuzz-admin");
  await addMember(db, org, admin.id, "admin");
  before = await counts();
  console.log(`fuzz seed ${SEED} (FUZZ_SEED=${SEED} replays this run)`);
});

async function expectActionRefused(result: ActionResult<unknown>, what: string) {
  expectActionRefusedForPeople(result, what);
  answered++;
}

describe(`fuzz of the admin and token functions (seed ${SEED})`, () => {
  it("refuses malformed input to the domain functions behind the admin and token actions", async () => {
    const actor = { userId: admin.id, context: { ip: "203.0.113.10", userAgent: "fuzz" } };
    const place = { organizationId: org.organizationId, tenantId: null };
    const limits = { maxRowsPerExport: "1000", maxActiveExportsPerUser: "5", maxConcurrentExports: "2", retentionDays: "30", maxRangeDays: "366" };
    // An empty permission list is a valid role, so it is no hostile value here.
    const notEmptyList = BAD_VALUES.filter((v) => !(Array.isArray(v) && v.length === 0));
    const badNumbers = ["", "abc", "-1", "0", "1.5", "1e99", "\u0000", "99999999999999999999", null, [], {}];
    const calls: [string, () => Promise<unknown>][] = [
      ...Object.keys(limits).flatMap((k) =>
        // An empty longest range (or null) is "no limit", a valid value.
        pick(random, k === "maxRangeDays" ? badNumbers.filter((v) => v !== "" && v !== null) : badNumbers, 4).map((v): [string, () => Promise<unknown>] => [
          `updateLimits ${k}=${JSON.stringify(v)}`,
          () => updateLimits(db, actor, place, { ...limits, [k]: v }),
        ]),
      ),
      ...pick(random, [...BAD_VALUES, ...BAD_STRINGS], 6).map((p): [string, () => Promise<unknown>] => [
        `updateLimits place ${JSON.stringify(p)?.slice(0, 40)}`,
        () => updateLimits(db, actor, p, limits),
      ]),
      ...pick(random, BAD_STRINGS, 8).map((email): [string, () => Promise<unknown>] => [
        `addMember ${JSON.stringify(email).slice(0, 40)}`,
        () => addMemberTo(db, actor, place, { email, roleId: org.roleIds.viewer, tenantId: "" }),
      ]),
      ...pick(random, BAD_VALUES, 4).map((v): [string, () => Promise<unknown>] => [
        `addMember roleId ${JSON.stringify(v)?.slice(0, 40)}`,
        () => addMemberTo(db, actor, place, { email: "new@example.test", roleId: v, tenantId: "" }),
      ]),
      ...pick(random, BAD_VALUES, 4).map((v): [string, () => Promise<unknown>] => [
        `updateMember ${JSON.stringify(v)?.slice(0, 40)}`,
        () => updateMember(db, actor, place, { membershipId: v, roleId: org.roleIds.viewer, tenantId: "" }),
      ]),
      ...pick(random, BAD_STRINGS, 4).map((v): [string, () => Promise<unknown>] => [
        `removeMember ${JSON.stringify(v).slice(0, 40)}`,
        () => removeMember(db, actor, place, { membershipId: v }),
      ]),
      ...pick(random, notEmptyList, 4).map((v): [string, () => Promise<unknown>] => [
        `updateRole ${JSON.stringify(v)?.slice(0, 40)}`,
        () => updateRole(db, actor, place, { roleId: org.roleIds.viewer, permissions: v, realms: ["jobs"] }),
      ]),
      ...["", " ", "\t\n", "x".repeat(101), 7, null, [], {}].map((name): [string, () => Promise<unknown>] => [
        `createApiToken name ${JSON.stringify(name).slice(0, 40)}`,
        () => createApiToken(db, actor, { organizationId: org.organizationId, tenantId: null, name, scopes: ["data.exports.read"] }),
      ]),
      ...pick(random, BAD_VALUES, 4).map((v): [string, () => Promise<unknown>] => [
        `createApiToken scopes ${JSON.stringify(v)?.slice(0, 40)}`,
        () => createApiToken(db, actor, { organizationId: org.organizationId, tenantId: null, name: "fuzz", scopes: v }),
      ]),
      ...pick(random, [...BAD_VALUES, ...BAD_STRINGS], 6).map((v): [string, () => Promise<unknown>] => [
        `revokeApiToken ${JSON.stringify(v)?.slice(0, 40)}`,
        () => revokeApiToken(db, actor, v),
      ]),
    ];
    for (const [what, call] of calls) await expectActionRefused(await toActionResult(call), what);
    expect(answered).toBe(calls.length);
    expect(answered).toBeGreaterThanOrEqual(60);
    expect(await counts()).toEqual(before);
  });
});

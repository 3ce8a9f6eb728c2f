import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { toActionResult } from "@/lib/errors/action-result";
import { apiTokens, auditEvents } from "@/db/schema";
import { addMember, createUser, testDb, type TestOrg } from "@/test/factories";
import { createTokenPeople, tokenActor as actor, tokenRequest } from "@/test/token-people";
import { resolveBearerToken } from "./resolve";
import { createApiToken, listTenantTokens, revokeApiToken } from "./service";

const { db, sql } = testDb();

let org: TestOrg;
let foreign: TestOrg;
let admin: { id: string };
let tenantAdmin: { id: string };
let analyst: { id: string };
let viewer: { id: string };

beforeAll(async () => {
  ({ org, foreign, admin, tenantAdmin, analyst, viewer } = await createTokenPeople(db));
  // Tokens the lists below must leave out or show: an organization-wide one of the admin's, which the
  // tenant admin could not revoke, and one of the analyst's own.
  await createApiToken(db, actor(admin.id), tokenRequest(org, ["data.exports.read"], null));
  await createApiToken(db, actor(analyst.id), tokenRequest(org, ["data.exports.read"]));
});

const tenantToken = (scopes: string[], tenantId: string | null = org.tenantIds[0]) => tokenRequest(org, scopes, tenantId);

describe("listing and revoking", () => {
  it("lists without secrets; managers see the tenant's tokens, others only their own", async () => {
    const own = await createApiToken(db, actor(tenantAdmin.id), tenantToken(["data.exports.read"]));
    const adminList = await listTenantTokens(db, actor(admin.id), { organizationId: org.organizationId, tenantId: org.tenantIds[0] });
    const item = adminList.items.find((t) => t.id === own.id);
    expect(item).toMatchObject({
      prefix: own.prefix,
      ownerEmail: expect.stringContaining("tenant-admin"),
      isYours: false,
      canRevoke: true,
      tenantName: "Tenant 1",
    });
    expect(JSON.stringify(adminList.items)).not.toContain(own.token);
    expect(Object.keys(item ?? {})).not.toContain("tokenHash");
    // The tenant admin does not see the organization admin's organization-wide tokens, which they could not revoke.
    const tenantAdminList = await listTenantTokens(db, actor(tenantAdmin.id), { organizationId: org.organizationId, tenantId: org.tenantIds[0] });
    expect(tenantAdminList.items.every((t) => t.tenantName !== null || t.isYours)).toBe(true);
    const analystList = await listTenantTokens(db, actor(analyst.id), { organizationId: org.organizationId, tenantId: org.tenantIds[0] });
    // The analyst sees none of the tenant admin's tokens, only any of their own.
    expect(analystList.items.some((t) => t.id === own.id)).toBe(false);
    expect(analystList.items.every((t) => t.isYours)).toBe(true);
    await expect(listTenantTokens(db, actor(admin.id), { organizationId: foreign.organizationId, tenantId: foreign.tenantIds[0] })).rejects.toMatchObject({
      code: "not_found",
    });
  });

  it("an owner may always revoke their own token; others need tokens.manage; to anyone else it is not found", async () => {
    const leaverToken = await createApiToken(db, actor(tenantAdmin.id), tenantToken(["data.exports.read"]));
    const ref = { organizationId: org.organizationId, id: leaverToken.id };
    const madeUp = { organizationId: org.organizationId, id: randomUUID() };
    const stranger = await createUser(db, "stranger");
    await addMember(db, foreign, stranger.id, "admin");
    // Another member's token, another organization's, a made-up id: one answer, byte for byte.
    for (const [who, target] of [
      [analyst, ref],
      [viewer, ref],
      [analyst, madeUp],
      [stranger, ref],
      [stranger, { organizationId: foreign.organizationId, id: leaverToken.id }],
    ] as const) {
      const answer = await toActionResult(() => revokeApiToken(db, actor(who.id), target));
      expect(JSON.stringify(answer)).toBe(JSON.stringify({ ok: false, code: "not_found", message: "Token not found", fieldErrors: {} }));
    }
    expect((await db.select().from(apiTokens).where(eq(apiTokens.id, leaverToken.id)))[0]?.revokedAt).toBeNull();

    // Demoted to viewer (no tokens.manage), the owner can still revoke their own token.
    await sql`update memberships set role_id = ${org.roleIds.viewer} where user_id = ${tenantAdmin.id}`;
    await revokeApiToken(db, actor(tenantAdmin.id), ref);
    await revokeApiToken(db, actor(tenantAdmin.id), ref);
    const audit = await db.select().from(auditEvents).where(eq(auditEvents.action, "token.revoked"));
    expect(audit.filter((e) => e.details?.tokenId === leaverToken.id)).toHaveLength(1);
    await sql`update memberships set role_id = ${org.roleIds["tenant-admin"]} where user_id = ${tenantAdmin.id}`;
  });

  it("an analyst sees and revokes only their own tokens; an admin sees and revokes the analyst's", async () => {
    const q = { organizationId: org.organizationId, tenantId: org.tenantIds[0] };
    const mine = await createApiToken(db, actor(analyst.id), { ...tenantToken(["data.exports.read"]), name: "analyst script" });
    const theirs = await createApiToken(db, actor(tenantAdmin.id), { ...tenantToken(["data.exports.read"]), name: "tenant admin script" });
    const analystList = await listTenantTokens(db, actor(analyst.id), q);
    expect(analystList.items.map((t) => t.id)).toContain(mine.id);
    expect(analystList.items.every((t) => t.isYours)).toBe(true);
    expect(analystList.items.find((t) => t.id === mine.id)).toMatchObject({ name: "analyst script", canRevoke: true, isYours: true });
    const adminList = await listTenantTokens(db, actor(admin.id), q);
    expect(adminList.items.find((t) => t.id === mine.id)).toMatchObject({ isYours: false, canRevoke: true, ownerEmail: expect.stringContaining("analyst") });
    expect(adminList.items.map((t) => t.id)).toContain(theirs.id);

    await revokeApiToken(db, actor(analyst.id), { organizationId: org.organizationId, id: mine.id });
    expect(await resolveBearerToken(db, mine.token)).toBeNull();
    const another = await createApiToken(db, actor(analyst.id), { ...tenantToken(["data.exports.read"]), name: "analyst script 2" });
    await revokeApiToken(db, actor(admin.id), { organizationId: org.organizationId, id: another.id });
    expect(await resolveBearerToken(db, another.token)).toBeNull();
    const audit = await db.select().from(auditEvents).where(eq(auditEvents.action, "token.revoked"));
    expect(audit.find((e) => e.details?.tokenId === another.id)).toMatchObject({ actorUserId: admin.id, details: { ownerUserId: analyst.id } });
  });

  it("a tenant admin cannot revoke an organization-wide token of someone else", async () => {
    const orgWide = await createApiToken(db, actor(admin.id), tenantToken(["data.exports.read"], null));
    await expect(revokeApiToken(db, actor(tenantAdmin.id), { organizationId: org.organizationId, id: orgWide.id })).rejects.toMatchObject({
      code: "not_found",
    });
    await revokeApiToken(db, actor(admin.id), { organizationId: org.organizationId, id: orgWide.id });
  });
});

import { createHash, randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { toActionResult } from "@/lib/errors/action-result";
import { apiTokens, auditEvents, memberships, roles } from "@/db/schema";
import { requireAccess } from "@/lib/permissions/guard";
import { addMember, createOrg, createUser, testDb, type TestOrg } from "@/test/factories";
import { resolveBearerToken, tokenRestriction } from "./resolve";
import { generateTokenSecret, hashToken, looksLikeToken } from "./secret";
import { createApiToken, listTenantTokens, NO_TOKEN_PERMISSION, revokeApiToken } from "./service";

const { db, sql } = testDb();
const actor = (userId: string) => ({ userId, context: { ip: "198.51.100.4", userAgent: "vitest" } });

let org: TestOrg;
let foreign: TestOrg;
let admin: { id: string };
let tenantAdmin: { id: string };
let analyst: { id: string };
let viewer: { id: string };

beforeAll(async () => {
  org = await createOrg(db, "Tokens");
  foreign = await createOrg(db, "Other");
  admin = await createUser(db, "admin");
  tenantAdmin = await createUser(db, "tenant-admin");
  analyst = await createUser(db, "analyst");
  viewer = await createUser(db, "viewer");
  await addMember(db, org, admin.id, "admin");
  await addMember(db, org, tenantAdmin.id, "tenant-admin", org.tenantIds[0]);
  await addMember(db, org, analyst.id, "analyst", org.tenantIds[0]);
  await addMember(db, org, viewer.id, "viewer");
});

const tenantToken = (scopes: string[], tenantId: string | null = org.tenantIds[0]) => ({
  organizationId: org.organizationId,
  tenantId,
  name: "CI export job",
  scopes,
});

describe("token secrets", () => {
  it("have the dep_<prefix>_<secret> shape, differ every time and are stored only as their SHA-256", () => {
    const a = generateTokenSecret();
    const b = generateTokenSecret();
    expect(a.token).toMatch(/^dep_[A-Za-z0-9]{8}_[A-Za-z0-9_-]{43}$/);
    expect(a.token.startsWith(`${a.prefix}_`)).toBe(true);
    expect(a.token).not.toBe(b.token);
    expect(a.tokenHash).toBe(createHash("sha256").update(a.token).digest("hex"));
    expect(looksLikeToken(a.token)).toBe(true);
    expect(looksLikeToken(`${a.token}x`)).toBe(false);
    expect(looksLikeToken("Bearer abc")).toBe(false);
  });
});

describe("createApiToken", () => {
  it("returns the token once, stores its hash and prefix (never the secret) and audits the creation", async () => {
    const created = await createApiToken(db, actor(admin.id), tenantToken(["data.exports.read", "data.exports.create"]));
    const [row] = await db.select().from(apiTokens).where(eq(apiTokens.id, created.id));
    expect(row).toMatchObject({ userId: admin.id, tenantId: org.tenantIds[0], prefix: created.prefix, scopes: ["data.exports.read", "data.exports.create"] });
    expect(row?.tokenHash).toBe(hashToken(created.token));
    const stored = await sql`select * from api_tokens where id = ${created.id}`;
    expect(JSON.stringify(stored)).not.toContain(created.token.slice(created.prefix.length + 1));
    const audit = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.organizationId, org.organizationId), eq(auditEvents.action, "token.created")));
    const event = audit.find((e) => e.details?.tokenId === created.id);
    expect(event).toMatchObject({ actorUserId: admin.id, ipAddress: "198.51.100.4", tenantId: org.tenantIds[0] });
    expect(JSON.stringify(event)).not.toContain(created.token);
  });

  it("refuses scopes the creator does not hold now, naming the field", async () => {
    // A role that may manage tokens and read exports, but not create them.
    const roleId = randomUUID();
    await db.insert(roles).values({
      id: roleId,
      organizationId: org.organizationId,
      key: `reader-${roleId.slice(0, 6)}`,
      name: "Token reader",
      permissions: ["data.exports.read", "tokens.manage"],
      realms: ["jobs"],
    });
    const reader = await createUser(db, "reader");
    await db.insert(memberships).values({ userId: reader.id, organizationId: org.organizationId, tenantId: org.tenantIds[0], roleId });
    await expect(createApiToken(db, actor(reader.id), tenantToken(["data.exports.read", "data.exports.create"]))).rejects.toMatchObject({
      code: "forbidden",
      fieldErrors: { scopes: expect.stringContaining("data.exports.create") },
    });
    expect((await createApiToken(db, actor(reader.id), tenantToken(["data.exports.read"]))).token).toMatch(/^dep_/);
  });

  it("refuses scopes outside the token catalog, no scopes and a blank name", async () => {
    await expect(createApiToken(db, actor(admin.id), tenantToken(["members.manage"]))).rejects.toMatchObject({
      code: "invalid",
      fieldErrors: { scopes: expect.any(String) },
    });
    await expect(createApiToken(db, actor(admin.id), tenantToken([]))).rejects.toMatchObject({ code: "invalid" });
    await expect(createApiToken(db, actor(admin.id), { ...tenantToken(["data.exports.read"]), name: "  " })).rejects.toMatchObject({
      fieldErrors: { name: expect.any(String) },
    });
  });

  it("expires in 90 days unless told otherwise; a chosen number of days, or never; anything else is refused and creates nothing", async () => {
    const before = Date.now();
    const byDefault = await createApiToken(db, actor(admin.id), { ...tenantToken(["data.exports.read"]), name: "default expiry" });
    const in30 = await createApiToken(db, actor(admin.id), { ...tenantToken(["data.exports.read"]), name: "30 days", expiresInDays: 30 });
    const never = await createApiToken(db, actor(admin.id), { ...tenantToken(["data.exports.read"]), name: "never", expiresInDays: null });
    const expiresAt = async (id: string) => (await db.select().from(apiTokens).where(eq(apiTokens.id, id)))[0]?.expiresAt ?? null;
    const days = (d: Date | null) => ((d?.getTime() ?? Number.NaN) - before) / 86_400_000;
    expect(days(await expiresAt(byDefault.id))).toBeCloseTo(90, 2);
    expect(days(await expiresAt(in30.id))).toBeCloseTo(30, 2);
    expect(await expiresAt(never.id)).toBeNull();

    const [{ n: tokensBefore }] = await sql<{ n: number }[]>`select count(*)::int as n from api_tokens`;
    for (const bad of [0, 367, 1.5, "30"]) {
      await expect(createApiToken(db, actor(admin.id), { ...tenantToken(["data.exports.read"]), expiresInDays: bad })).rejects.toMatchObject({
        code: "invalid",
        fieldErrors: { expiresInDays: expect.any(String) },
      });
    }
    const [{ n: tokensAfter }] = await sql<{ n: number }[]>`select count(*)::int as n from api_tokens`;
    expect(tokensAfter).toBe(tokensBefore);
  });

  it("any member who may read exports creates their own token, with scopes no wider than their own rights", async () => {
    const fromAnalyst = await createApiToken(db, actor(analyst.id), tenantToken(["data.exports.read", "data.exports.create"]));
    const [row] = await db.select().from(apiTokens).where(eq(apiTokens.id, fromAnalyst.id));
    expect(row).toMatchObject({ userId: analyst.id, tenantId: org.tenantIds[0], scopes: ["data.exports.read", "data.exports.create"] });
    // An organization-wide viewer: read only, here or for all tenants; never the create scope.
    expect((await createApiToken(db, actor(viewer.id), tenantToken(["data.exports.read"]))).token).toMatch(/^dep_/);
    expect((await createApiToken(db, actor(viewer.id), tenantToken(["data.exports.read"], null))).token).toMatch(/^dep_/);
    await expect(createApiToken(db, actor(viewer.id), tenantToken(["data.exports.read", "data.exports.create"]))).rejects.toMatchObject({
      code: "forbidden",
      fieldErrors: { scopes: expect.stringContaining("data.exports.create") },
    });
    await expect(createApiToken(db, actor(analyst.id), tenantToken(["data.exports.manage"]))).rejects.toMatchObject({
      code: "forbidden",
      fieldErrors: { scopes: expect.any(String) },
    });
  });

  it("a member whose role cannot read exports gets no token, and is told why", async () => {
    const roleId = randomUUID();
    await db.insert(roles).values({
      id: roleId,
      organizationId: org.organizationId,
      key: `members-${roleId.slice(0, 6)}`,
      name: "Members only",
      permissions: ["members.manage"],
      realms: [],
    });
    const manager = await createUser(db, "members-only");
    await db.insert(memberships).values({ userId: manager.id, organizationId: org.organizationId, tenantId: org.tenantIds[0], roleId });
    await expect(createApiToken(db, actor(manager.id), tenantToken(["data.exports.read"]))).rejects.toMatchObject({
      code: "forbidden",
      message: NO_TOKEN_PERMISSION,
    });
  });

  it("a viewer's token cannot create exports: the token has no create scope and its owner no create right", async () => {
    const created = await createApiToken(db, actor(viewer.id), tenantToken(["data.exports.read"]));
    const resolved = await resolveBearerToken(db, created.token);
    if (!resolved) throw new Error("token did not resolve");
    const q = { userId: viewer.id, organizationId: org.organizationId, tenantId: org.tenantIds[0] };
    await expect(requireAccess(db, q, "data.exports.read", tokenRestriction(resolved.token))).resolves.toMatchObject({ userId: viewer.id });
    await expect(requireAccess(db, q, "data.exports.create", tokenRestriction(resolved.token))).rejects.toMatchObject({ code: "forbidden" });
  });

  it("organization-wide tokens need an organization-level membership", async () => {
    await expect(createApiToken(db, actor(tenantAdmin.id), tenantToken(["data.exports.read"], null))).rejects.toMatchObject({
      code: "forbidden",
      fieldErrors: { tenantId: expect.stringMatching(/organization-level/) },
    });
    const created = await createApiToken(db, actor(admin.id), tenantToken(["data.exports.read"], null));
    expect(created.token).toMatch(/^dep_/);
  });

  it("another organization, one of its tenants, or a made-up tenant: the same answer, nothing created", async () => {
    const [{ n: before }] = await sql<{ n: number }[]>`select count(*)::int as n from api_tokens`;
    const attempts = [
      { ...tenantToken(["data.exports.read"]), organizationId: foreign.organizationId },
      { ...tenantToken(["data.exports.read"], null), organizationId: foreign.organizationId },
      tenantToken(["data.exports.read"], foreign.tenantIds[0]),
      { ...tenantToken(["data.exports.read"], foreign.tenantIds[0]), organizationId: foreign.organizationId },
      tenantToken(["data.exports.read"], randomUUID()),
      { ...tenantToken(["data.exports.read"], randomUUID()), organizationId: randomUUID() },
    ];
    for (const who of [admin, analyst]) {
      for (const raw of attempts) {
        const answer = await toActionResult(() => createApiToken(db, actor(who.id), raw));
        expect(JSON.stringify(answer), JSON.stringify(raw)).toBe(
          JSON.stringify({ ok: false, code: "not_found", message: "Tenant not found", fieldErrors: {} }),
        );
      }
    }
    const [{ n: after }] = await sql<{ n: number }[]>`select count(*)::int as n from api_tokens`;
    expect(after).toBe(before);
  });
});

describe("resolveBearerToken", () => {
  it("finds the token and its owner, and records use at most once a minute", async () => {
    // Used in 2030 below, so it must not expire.
    const created = await createApiToken(db, actor(admin.id), { ...tenantToken(["data.exports.read"]), expiresInDays: null });
    const t0 = new Date("2030-01-01T10:00:00Z");
    const first = await resolveBearerToken(db, created.token, t0);
    expect(first?.user.id).toBe(admin.id);
    expect(first?.token.id).toBe(created.id);
    const lastUsed = async () => (await db.select().from(apiTokens).where(eq(apiTokens.id, created.id)))[0]?.lastUsedAt?.toISOString();
    expect(await lastUsed()).toBe(t0.toISOString());
    await resolveBearerToken(db, created.token, new Date(t0.getTime() + 30_000));
    expect(await lastUsed()).toBe(t0.toISOString());
    const later = new Date(t0.getTime() + 61_000);
    await resolveBearerToken(db, created.token, later);
    expect(await lastUsed()).toBe(later.toISOString());
  });

  it("rejects malformed, unknown and tampered tokens", async () => {
    const created = await createApiToken(db, actor(admin.id), tenantToken(["data.exports.read"]));
    expect(await resolveBearerToken(db, "not-a-token")).toBeNull();
    expect(await resolveBearerToken(db, generateTokenSecret().token)).toBeNull();
    const tampered = created.token.slice(0, -1) + (created.token.endsWith("A") ? "B" : "A");
    expect(await resolveBearerToken(db, tampered)).toBeNull();
  });

  it("rejects a revoked token at once", async () => {
    const created = await createApiToken(db, actor(admin.id), tenantToken(["data.exports.read"]));
    expect(await resolveBearerToken(db, created.token)).not.toBeNull();
    await revokeApiToken(db, actor(admin.id), { organizationId: org.organizationId, id: created.id });
    expect(await resolveBearerToken(db, created.token)).toBeNull();
  });

  it("rejects a token from the moment it expires, and the list says it expired", async () => {
    const created = await createApiToken(db, actor(admin.id), { ...tenantToken(["data.exports.read"]), name: "short-lived", expiresInDays: 1 });
    const [row] = await db.select().from(apiTokens).where(eq(apiTokens.id, created.id));
    const expiresAt = row?.expiresAt ?? new Date(Number.NaN);
    expect(await resolveBearerToken(db, created.token, new Date(expiresAt.getTime() - 1000))).not.toBeNull();
    expect(await resolveBearerToken(db, created.token, expiresAt)).toBeNull();
    expect(await resolveBearerToken(db, created.token, new Date(expiresAt.getTime() + 86_400_000))).toBeNull();

    const q = { organizationId: org.organizationId, tenantId: org.tenantIds[0] };
    const listed = (now: Date) => listTenantTokens(db, actor(admin.id), q, now).then((l) => l.items.find((t) => t.id === created.id));
    expect(await listed(new Date(expiresAt.getTime() - 1000))).toMatchObject({ expired: false, expiresAt: expiresAt.toISOString() });
    expect(await listed(expiresAt)).toMatchObject({ expired: true, expiresAt: expiresAt.toISOString() });
  });

  it("rejects the token of a user who left the organization", async () => {
    const leaver = await createUser(db, "leaver");
    await addMember(db, org, leaver.id, "tenant-admin", org.tenantIds[0]);
    const created = await createApiToken(db, actor(leaver.id), tenantToken(["data.exports.read"]));
    expect(await resolveBearerToken(db, created.token)).not.toBeNull();
    await sql`delete from memberships where user_id = ${leaver.id}`;
    expect(await resolveBearerToken(db, created.token)).toBeNull();
  });

  it("turns a token into the restriction every access check of its request applies", async () => {
    const created = await createApiToken(db, actor(admin.id), tenantToken(["data.exports.read", "data.exports.create"]));
    const resolved = await resolveBearerToken(db, created.token);
    if (!resolved) throw new Error("token did not resolve");
    const r = tokenRestriction(resolved.token);
    expect(r).toMatchObject({ tokenId: created.id, organizationId: org.organizationId, tenantId: org.tenantIds[0] });
    expect([...r.scopes].sort()).toEqual(["data.exports.create", "data.exports.read"]);
  });
});

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

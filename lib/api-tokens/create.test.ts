import { createHash, randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { toActionResult } from "@/lib/errors/action-result";
import { apiTokens, auditEvents, memberships, roles } from "@/db/schema";
import { requireAccess } from "@/lib/permissions/guard";
import { createUser, testDb, type TestOrg } from "@/test/factories";
import { createTokenPeople, tokenActor as actor, tokenRequest } from "@/test/token-people";
import { resolveBearerToken, tokenRestriction } from "./resolve";
import { generateTokenSecret, hashToken, looksLikeToken } from "./secret";
import { createApiToken, NO_TOKEN_PERMISSION } from "./service";

const { db, sql } = testDb();

let org: TestOrg;
let foreign: TestOrg;
let admin: { id: string };
let tenantAdmin: { id: string };
let analyst: { id: string };
let viewer: { id: string };

beforeAll(async () => {
  ({ org, foreign, admin, tenantAdmin, analyst, viewer } = await createTokenPeople(db));
});

const tenantToken = (scopes: string[], tenantId: string | null = org.tenantIds[0]) => tokenRequest(org, scopes, tenantId);

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

    // Other test files create tokens at the same time: count only this actor's.
    const [{ n: tokensBefore }] = await sql<{ n: number }[]>`select count(*)::int as n from api_tokens where user_id = ${admin.id}`;
    for (const bad of [0, 367, 1.5, "30"]) {
      await expect(createApiToken(db, actor(admin.id), { ...tenantToken(["data.exports.read"]), expiresInDays: bad })).rejects.toMatchObject({
        code: "invalid",
        fieldErrors: { expiresInDays: expect.any(String) },
      });
    }
    const [{ n: tokensAfter }] = await sql<{ n: number }[]>`select count(*)::int as n from api_tokens where user_id = ${admin.id}`;
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
    // Other test files create tokens at the same time: count only those of the two who try here.
    const [{ n: before }] = await sql<{ n: number }[]>`select count(*)::int as n from api_tokens where user_id in (${admin.id}, ${analyst.id})`;
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
    const [{ n: after }] = await sql<{ n: number }[]>`select count(*)::int as n from api_tokens where user_id in (${admin.id}, ${analyst.id})`;
    expect(after).toBe(before);
  });
});

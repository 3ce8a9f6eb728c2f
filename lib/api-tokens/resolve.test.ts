import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { apiTokens } from "@/db/schema";
import { addMember, createUser, testDb, type TestOrg } from "@/test/factories";
import { createTokenPeople, tokenActor as actor, tokenRequest } from "@/test/token-people";
import { resolveBearerToken, tokenRestriction } from "./resolve";
import { generateTokenSecret } from "./secret";
import { createApiToken, listTenantTokens, revokeApiToken } from "./service";

const { db, sql } = testDb();

let org: TestOrg;
let admin: { id: string };

beforeAll(async () => {
  ({ org, admin } = await createTokenPeople(db));
});

const tenantToken = (scopes: string[], tenantId: string | null = org.tenantIds[0]) => tokenRequest(org, scopes, tenantId);

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

import { randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Engine } from "@portal/inngest-engine";
import { startTestEngine, uniqueSchema, pointAppAtEngine } from "@portal/inngest-engine/testing";
import { auditEvents } from "@/db/schema";
import { seedWarehouse } from "@/scripts/seed/warehouse";
import { createApiToken, revokeApiToken } from "@/lib/api-tokens/service";
import { addMember, createOrg, createUser, insertTestExport, testDb, type TestOrg } from "@/test/factories";
import { exportSchema, problemSchema } from "./_lib/schemas";

/*
 * The REST routes called as Next calls them, with real tokens against the real database, local storage and
 * the real job engine (events land in its event log). Only the cookie session is replaced: Auth.js needs
 * Next's runtime, and these requests carry tokens instead.
 */
vi.mock("@/app/_lib/session", () => ({ currentUser: async () => null }));

type Handler = (r: Request, ctx: { params: Promise<{ id: string }> }) => Promise<Response>;
let getExport: Handler;
let deleteExport: Handler;
let cancel: Handler;
let download: Handler;
let createExport: (r: Request) => Promise<Response>;
let listExports: (r: Request) => Promise<Response>;
let realms: (r: Request) => Promise<Response>;
let exportStorage: typeof import("@/app/_lib/export-deps").exportStorage;
let engine: Engine;
const engineSchema = uniqueSchema("routes");

afterAll(async () => {
  await engine?.stop();
});

/** Whether the engine received export/requested for this export. */
async function engineReceived(exportId: string): Promise<boolean> {
  const { sql } = testDb();
  const rows = await sql.unsafe(`select 1 from "${engineSchema}".events where name = 'export/requested' and payload->'data'->>'exportId' = $1`, [exportId]);
  return rows.length === 1;
}

const { db, sql } = testDb();
let org: TestOrg;
let foreign: TestOrg;
let admin: { id: string; email: string };
const tokens: Record<string, string> = {};
const ARCHIVE = Buffer.from("PK\u0003\u0004 a stand-in archive for the route test");

const call = (handler: (r: Request, ctx: { params: Promise<{ id: string }> }) => Promise<Response>, method: string, id: string, token?: string) =>
  handler(new Request(`http://portal.test/api/v1/exports/${id}`, { method, headers: token ? { authorization: `Bearer ${token}` } : {} }), {
    params: Promise.resolve({ id }),
  });

async function insertExport(o: TestOrg, status: "done" | "pending", tenant = 0) {
  const id = randomUUID();
  const storageKey = `${o.organizationId}/${id}.zip`;
  if (status === "done") await exportStorage().put(storageKey, Readable.from([ARCHIVE]));
  await insertTestExport(db, o, admin.id, {
    id,
    tenant,
    status,
    rowsEstimate: 10,
    ...(status === "done"
      ? { storageKey, fileName: "jobs.zip", sizeBytes: ARCHIVE.length, sha256: "ab".repeat(32), rowCount: 10, expiresAt: new Date(Date.now() + 86_400_000) }
      : {}),
  });
  return id;
}

beforeAll(async () => {
  const started = await startTestEngine("routes", { schema: engineSchema });
  engine = started.engine;
  pointAppAtEngine(started, { APP_URL: "https://portal.example" });
  // The Inngest client reads its configuration when first imported, so the routes load after the engine is up.
  ({ GET: getExport, DELETE: deleteExport } = await import("./exports/[id]/route"));
  ({ POST: cancel } = await import("./exports/[id]/cancel/route"));
  ({ GET: download } = await import("./exports/[id]/download/route"));
  ({ POST: createExport, GET: listExports } = await import("./exports/route"));
  ({ GET: realms } = await import("./realms/route"));
  ({ exportStorage } = await import("@/app/_lib/export-deps"));
  org = await createOrg(db, "Routes");
  foreign = await createOrg(db, "Foreign");
  admin = await createUser(db, "admin");
  await addMember(db, org, admin.id, "admin");
  await addMember(db, foreign, admin.id, "admin");
  const make = async (key: string, scopes: string[], tenantId: string | null = org.tenantIds[0]) => {
    tokens[key] = (
      await createApiToken(
        db,
        { userId: admin.id, context: { ip: null, userAgent: null } },
        { organizationId: org.organizationId, tenantId, name: key, scopes },
      )
    ).token;
  };
  await make("readCreate", ["data.exports.read", "data.exports.create"]);
  await make("readOnly", ["data.exports.read"]);
  await make("createOnly", ["data.exports.create"]);
  await make("otherTenant", ["data.exports.read", "data.exports.create"], org.tenantIds[1]);
  await seedWarehouse(sql, {
    apps: [{ organizationId: org.organizationId, tenantId: org.tenantIds[0], projectId: org.projectIds[0], appId: org.appIds[0] }],
    rowsPerRealm: 300,
  });
});

describe("GET /api/v1/exports", () => {
  const list = (query: string, token = tokens.readOnly) =>
    listExports(new Request(`http://portal.test/api/v1/exports?${query}`, { headers: { authorization: `Bearer ${token}` } }));

  it("lists the tenant's exports with or without organizationId, which defaults to the tenant's", async () => {
    const id = await insertExport(org, "done");
    const withOrg = await list(`organizationId=${org.organizationId}&tenantId=${org.tenantIds[0]}&limit=100`);
    const withoutOrg = await list(`tenantId=${org.tenantIds[0]}&limit=100`);
    expect(withOrg.status).toBe(200);
    expect(withoutOrg.status).toBe(200);
    const ids = async (res: Response) => ((await res.json()) as { items: Array<{ id: string }> }).items.map((e) => e.id);
    const listed = await ids(withoutOrg);
    expect(listed).toContain(id);
    expect(listed).toEqual(await ids(withOrg));
  });

  it("pages on with the cursor it hands out and refuses one it did not make, in words", async () => {
    await insertExport(org, "done");
    await insertExport(org, "done");
    const first = (await (await list(`tenantId=${org.tenantIds[0]}&limit=1`)).json()) as { items: { id: string }[]; nextCursor: string };
    const second = (await (await list(`tenantId=${org.tenantIds[0]}&limit=1&cursor=${first.nextCursor}`)).json()) as { items: { id: string }[] };
    expect(second.items).toHaveLength(1);
    expect(second.items[0]?.id).not.toBe(first.items[0]?.id);
    const stale = "The cursor is not valid; start again from the first page";
    for (const cursor of ["garbage", Buffer.from('{"createdAt":"x","id":"y"}').toString("base64url"), first.nextCursor.slice(0, 12)]) {
      const res = await list(`tenantId=${org.tenantIds[0]}&cursor=${encodeURIComponent(cursor)}`);
      expect(res.status).toBe(422);
      expect(await res.json()).toMatchObject({ code: "invalid", detail: stale, errors: { cursor: stale } });
    }
  });

  it("is 404 alike for a foreign tenant and a made-up one, with or without organizationId", async () => {
    const answers = [
      await list(`tenantId=${foreign.tenantIds[0]}`, tokens.readCreate),
      await list(`tenantId=${randomUUID()}`, tokens.readCreate),
      await list(`organizationId=${foreign.organizationId}&tenantId=${foreign.tenantIds[0]}`, tokens.readCreate),
    ];
    for (const res of answers) {
      expect(res.status).toBe(404);
      expect(problemSchema.parse(await res.json()).code).toBe("not_found");
    }
  });
});

describe("GET /api/v1/exports/{id}", () => {
  it("answers a token of the export's tenant with the documented shape", async () => {
    const id = await insertExport(org, "done");
    const res = await call(getExport, "GET", id, tokens.readOnly);
    expect(res.status).toBe(200);
    const body = exportSchema.parse(await res.json());
    expect(body).toMatchObject({
      id,
      status: "done",
      progress: 1,
      sizeBytes: ARCHIVE.length,
      downloadUrl: `https://portal.example/exports/${id}/download`,
      fileName: "jobs.zip",
      requestedBy: { isYou: true },
    });
    expect(body.can).toMatchObject({ download: true, cancel: false, delete: false });
  });

  it("is 404 alike for a foreign organization's id, another tenant's token and a made-up id", async () => {
    const foreignId = await insertExport(foreign, "done");
    const ownId = await insertExport(org, "done");
    const answers = [
      await call(getExport, "GET", foreignId, tokens.readCreate),
      await call(getExport, "GET", ownId, tokens.otherTenant),
      await call(getExport, "GET", randomUUID(), tokens.readCreate),
      await call(getExport, "GET", "not-a-uuid", tokens.readCreate),
    ];
    for (const res of answers) {
      expect(res.status).toBe(404);
      expect(problemSchema.parse(await res.json())).toMatchObject({ detail: "Export not found", code: "not_found" });
    }
  });

  it("refuses a token without the read scope (403) and a revoked or made-up token (401 with a Bearer challenge)", async () => {
    const id = await insertExport(org, "done");
    expect((await call(getExport, "GET", id, tokens.createOnly)).status).toBe(403);
    const revoked = await createApiToken(
      db,
      { userId: admin.id, context: { ip: null, userAgent: null } },
      { organizationId: org.organizationId, tenantId: null, name: "gone", scopes: ["data.exports.read"] },
    );
    expect((await call(getExport, "GET", id, revoked.token)).status).toBe(200);
    await revokeApiToken(db, { userId: admin.id, context: { ip: null, userAgent: null } }, { organizationId: org.organizationId, id: revoked.id });
    for (const t of [revoked.token, "dep_AAAAAAAA_" + "x".repeat(43), "garbage"]) {
      const res = await call(getExport, "GET", id, t);
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toMatch(/^Bearer/);
    }
  });

  it("answers a tenant token with the requester's contact, and refuses it on its very next call once revoked or once its owner left", async () => {
    const id = await insertExport(org, "done");
    const analyst = await createUser(db, "analyst");
    const asAnalyst = { userId: analyst.id, context: { ip: null, userAgent: null } };
    const tokenOf = async () =>
      createApiToken(db, asAnalyst, { organizationId: org.organizationId, tenantId: org.tenantIds[0], name: "analyst", scopes: ["data.exports.read"] });
    await addMember(db, org, analyst.id, "analyst", org.tenantIds[0]);
    const first = await tokenOf();
    const res = await call(getExport, "GET", id, first.token);
    expect(res.status).toBe(200);
    expect(exportSchema.parse(await res.json()).requestedBy).toEqual({ email: admin.email, name: "admin", isYou: false });
    await sql`delete from memberships where user_id = ${analyst.id}`;
    expect((await call(getExport, "GET", id, first.token)).status).toBe(401);

    await addMember(db, org, analyst.id, "analyst", org.tenantIds[0]);
    const second = await tokenOf();
    expect((await call(getExport, "GET", id, second.token)).status).toBe(200);
    await revokeApiToken(db, { userId: admin.id, context: { ip: null, userAgent: null } }, { organizationId: org.organizationId, id: second.id });
    expect((await call(getExport, "GET", id, second.token)).status).toBe(401);
  });
});

describe("changes through a token", () => {
  it("cancel needs the create scope; delete answers 204 and the export is gone", async () => {
    const id = await insertExport(org, "pending");
    expect((await call(cancel, "POST", id, tokens.readOnly)).status).toBe(403);
    const res = await call(cancel, "POST", id, tokens.readCreate);
    expect(res.status).toBe(200);
    expect(exportSchema.parse(await res.json())).toMatchObject({ status: "cancelled", progress: null });
    expect((await call(deleteExport, "DELETE", id, tokens.readCreate)).status).toBe(204);
    expect((await call(getExport, "GET", id, tokens.readCreate)).status).toBe(404);
  });

  it("POST /api/v1/exports queues an export (202 + Location) and audits it under the token", async () => {
    const body = { tenantId: org.tenantIds[0], scope: { type: "tenant" }, realm: "jobs", from: "2024-03-01", to: "2024-03-31", format: "csv" };
    const post = (token: string) =>
      createExport(
        new Request("http://portal.test/api/v1/exports", {
          method: "POST",
          headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
          body: JSON.stringify(body),
        }),
      );
    expect((await post(tokens.readOnly)).status).toBe(403);
    expect((await post(tokens.otherTenant)).status).toBe(404);
    const res = await post(tokens.readCreate);
    expect(res.status).toBe(202);
    const created = exportSchema.parse(await res.json());
    expect(res.headers.get("location")).toBe(`/api/v1/exports/${created.id}`);
    expect(await engineReceived(created.id)).toBe(true);
    const [event] = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.exportId, created.id), eq(auditEvents.action, "export.requested")));
    expect(event?.actorTokenId).toBeTruthy();
  });
});

describe("GET /api/v1/exports/{id}/download", () => {
  it("streams the archive to a read token and is 404 without the read scope or in the wrong tenant", async () => {
    const id = await insertExport(org, "done");
    const res = await call(download, "GET", id, tokens.readOnly);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(ARCHIVE)).toBe(true);
    for (const t of [tokens.createOnly, tokens.otherTenant]) expect((await call(download, "GET", id, t)).status).toBe(404);
    const audit = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.exportId, id), eq(auditEvents.action, "export.downloaded")));
    expect(audit).toHaveLength(1);
    expect(audit[0]?.actorTokenId).toBeTruthy();
  });
});

describe("GET /api/v1/realms", () => {
  it("lists the catalog to any valid token", async () => {
    const res = await realms(new Request("http://portal.test/api/v1/realms", { headers: { authorization: `Bearer ${tokens.createOnly}` } }));
    const body = (await res.json()) as { realms: { id: string; fields: unknown[] }[] };
    expect(body.realms.map((r) => r.id)).toEqual(["jobs", "events", "lab-results"]);
    expect(body.realms[0]?.fields.length).toBeGreaterThan(5);
  });
});

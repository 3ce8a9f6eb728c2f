import { randomUUID } from "node:crypto";
import { asc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { auditEvents } from "@/db/schema";
import { callRoute, expectProblemForPeople, type Call, type RouteHandler } from "@/test/api-calls";
import { tokenFor } from "@/test/api-routes";
import { addMember, createOrg, createUser, testDb, type TestOrg } from "@/test/factories";
import { startReceiver } from "@/test/webhook-receiver";
import { webhookDeliveryListSchema, webhookListSchema, webhookWithSecretSchema } from "./_lib/webhook-schemas";

/*
 * The webhook endpoint routes as Next calls them, against the real database; only the cookie session is
 * stood in for. Cookie requests that change something carry the portal's Origin, as the portal's pages do.
 * Endpoints use a public IP literal, so registration needs no DNS (names are resolved and checked alike).
 */
const session = vi.hoisted(() => ({ user: null as null | { id: string; email: string; name: string | null } }));
vi.mock("@/app/_lib/session", () => ({ currentUser: async () => session.user }));

const { db } = testDb();
const ORIGIN = { host: "portal.test", origin: "http://portal.test" };
let org: TestOrg;
let other: TestOrg;
let admin: { id: string; email: string };
let analyst: { id: string; email: string };
let outsider: { id: string; email: string };
let r: {
  list: RouteHandler;
  create: (req: Request) => Promise<Response>;
  remove: RouteHandler;
  rotate: RouteHandler;
  deliveries: RouteHandler;
  redeliver: (req: Request, ctx: { params: Promise<{ id: string; deliveryId: string }> }) => Promise<Response>;
};

const as = (user: { id: string; email: string }) => (session.user = { ...user, name: null });
const create = (body: unknown, headers: Record<string, string> = ORIGIN) => callRoute((req) => r.create(req), { path: "/api/v1/webhooks", body, headers });
const call = (handler: RouteHandler, c: Call) => callRoute(handler, { headers: ORIGIN, ...c });

beforeAll(async () => {
  r = {
    list: (await import("./webhooks/route")).GET,
    create: (await import("./webhooks/route")).POST,
    remove: (await import("./webhooks/[id]/route")).DELETE,
    rotate: (await import("./webhooks/[id]/rotate/route")).POST,
    deliveries: (await import("./webhooks/[id]/deliveries/route")).GET,
    redeliver: (await import("./webhooks/[id]/deliveries/[deliveryId]/redeliver/route")).POST,
  };
  org = await createOrg(db, "Hooks API");
  other = await createOrg(db, "Other");
  admin = await createUser(db, "hooks-api-admin");
  analyst = await createUser(db, "hooks-api-analyst");
  outsider = await createUser(db, "hooks-api-outsider");
  await addMember(db, org, admin.id, "admin");
  await addMember(db, org, analyst.id, "analyst");
  await addMember(db, other, outsider.id, "admin");
});

describe("/api/v1/webhooks", () => {
  it("registers an endpoint with its secret shown once, lists it without, rotates and deletes it", async () => {
    as(admin);
    const answer = await create({ organizationId: org.organizationId, url: "https://93.184.215.14/in", events: ["export.failed", "export.completed"] });
    expect(answer.status, answer.text).toBe(201);
    const created = webhookWithSecretSchema.parse(JSON.parse(answer.text));
    expect(created).toMatchObject({ url: "https://93.184.215.14/in", events: ["export.completed", "export.failed"], state: "enabled" });
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);

    const listed = await call(r.list, { path: `/api/v1/webhooks?organizationId=${org.organizationId}` });
    expect(listed.status).toBe(200);
    expect(webhookListSchema.parse(JSON.parse(listed.text)).items.map((e) => e.id)).toEqual([created.id]);
    expect(listed.text).not.toContain("whsec_");

    const rotated = await call(r.rotate, { method: "POST", path: `/api/v1/webhooks/${created.id}/rotate`, id: created.id });
    const next = webhookWithSecretSchema.parse(JSON.parse(rotated.text));
    expect(next.secret).not.toBe(created.secret);
    expect(Date.parse(next.previousSecretExpiresAt ?? "") - Date.now()).toBeGreaterThan(23 * 3_600_000);

    const deliveries = await call(r.deliveries, { path: `/api/v1/webhooks/${created.id}/deliveries`, id: created.id });
    expect(webhookDeliveryListSchema.parse(JSON.parse(deliveries.text)).items).toEqual([]);

    expect((await call(r.remove, { method: "DELETE", path: `/api/v1/webhooks/${created.id}`, id: created.id })).status).toBe(204);
    const after = await call(r.list, { path: `/api/v1/webhooks?organizationId=${org.organizationId}` });
    expect(JSON.parse(after.text)).toEqual({ items: [] });

    // Each change is in the audit trail, by whom and for which URL, never with the secret.
    const trail = await db.select().from(auditEvents).where(eq(auditEvents.organizationId, org.organizationId)).orderBy(asc(auditEvents.createdAt));
    const mine = trail.filter((e) => (e.details as { endpointId?: string } | null)?.endpointId === created.id);
    expect(mine.map((e) => [e.action, e.actorUserId])).toEqual([
      ["webhook.created", admin.id],
      ["webhook.rotated", admin.id],
      ["webhook.deleted", admin.id],
    ]);
    expect(mine[0]?.details).toMatchObject({ url: "https://93.184.215.14/in" });
    expect(JSON.stringify(mine)).not.toContain("whsec_");
  });

  it("refuses bad input with words a person can act on", async () => {
    as(admin);
    const cases: [unknown, RegExp][] = [
      [{ organizationId: org.organizationId, url: "not a url", events: ["export.completed"] }, /The URL is not valid: write it in full/],
      [{ organizationId: org.organizationId, url: "ftp://example.com/x", events: ["export.completed"] }, /must start with https:\/\//],
      [
        { organizationId: org.organizationId, url: "https://example.com/x", events: ["export.done"] },
        /Choose events from: export\.completed, export\.failed, schedule\.paused/,
      ],
      [{ organizationId: org.organizationId, url: "https://example.com/x", events: [] }, /Choose at least one event/],
      [{ organizationId: org.organizationId, events: ["export.completed"] }, /Give the URL/],
      [{ url: "https://example.com/x", events: ["export.completed"] }, /Name the organization/],
      ["[1,", /not valid JSON/],
    ];
    for (const [body, message] of cases) {
      const problem = expectProblemForPeople(await create(body), JSON.stringify(body));
      expect(problem.status).toBe(422);
      expect(problem.detail).toMatch(message);
    }
  });

  it("refuses an endpoint on 127.0.0.1, naming WEBHOOKS_ALLOW_PRIVATE", async () => {
    as(admin);
    const receiver = await startReceiver();
    try {
      const problem = expectProblemForPeople(await create({ organizationId: org.organizationId, url: receiver.url, events: ["export.completed"] }));
      expect(problem.status).toBe(422);
      expect(problem.detail).toMatch(/^Refused: 127\.0\.0\.1 is a loopback, private or link-local address.*WEBHOOKS_ALLOW_PRIVATE=true/);
      const metadata = expectProblemForPeople(
        await create({ organizationId: org.organizationId, url: "http://169.254.169.254/latest", events: ["export.completed"] }),
      );
      expect(metadata.detail).toMatch(/169\.254\.169\.254 is a loopback, private or link-local address/);
      const mapped = expectProblemForPeople(
        await create({ organizationId: org.organizationId, url: "http://[::ffff:10.0.0.1]/", events: ["export.completed"] }),
      );
      expect(mapped.detail).toMatch(/is a loopback, private or link-local address/);
      expect(receiver.received).toHaveLength(0);
    } finally {
      await receiver.close();
    }
  });

  it("is for organization admins only; another organization's endpoint reads like a made-up one", async () => {
    as(admin);
    const mine = webhookWithSecretSchema.parse(
      JSON.parse((await create({ organizationId: org.organizationId, url: "https://93.184.215.14/a", events: ["export.completed"] })).text),
    );
    as(outsider);
    const foreign = await call(r.rotate, { method: "POST", path: `/api/v1/webhooks/${mine.id}/rotate`, id: mine.id });
    const madeUp = randomUUID();
    const unknown = await call(r.rotate, { method: "POST", path: `/api/v1/webhooks/${madeUp}/rotate`, id: madeUp });
    expect(foreign.status).toBe(404);
    expect(JSON.parse(foreign.text).detail).toBe("Webhook endpoint not found");
    expect(JSON.parse(unknown.text).detail).toBe(JSON.parse(foreign.text).detail);
    expect((await call(r.deliveries, { path: "/api/v1/webhooks/abc/deliveries", id: "abc" })).status).toBe(404);
    const listForeign = await call(r.list, { path: `/api/v1/webhooks?organizationId=${org.organizationId}` });
    expect(listForeign.status).toBe(404);

    as(analyst);
    const refused = expectProblemForPeople(await create({ organizationId: org.organizationId, url: "https://93.184.215.14/b", events: ["export.completed"] }));
    expect(refused.status).toBe(403);
    expect(refused.detail).toMatch(/Only organization admins/);

    as(admin);
    const redeliverUnknown = await r.redeliver(
      new Request(`http://portal.test/api/v1/webhooks/${mine.id}/deliveries/${madeUp}/redeliver`, { method: "POST", headers: ORIGIN }),
      {
        params: Promise.resolve({ id: mine.id, deliveryId: madeUp }),
      },
    );
    expect(redeliverUnknown.status).toBe(404);
    expect(((await redeliverUnknown.json()) as { detail: string }).detail).toBe("Delivery not found");
  });

  it("checks the origin of cookie requests that change something, and refuses API tokens", async () => {
    as(admin);
    const crossSite = await create(
      { organizationId: org.organizationId, url: "https://93.184.215.14/c", events: ["export.completed"] },
      { origin: "https://evil.example" },
    );
    expect(crossSite.status).toBe(403);
    session.user = null;
    const token = await tokenFor(admin.id, org, ["data.exports.read"], null);
    const withToken = await callRoute(r.list, { path: `/api/v1/webhooks?organizationId=${org.organizationId}`, token });
    const problem = expectProblemForPeople(withToken);
    expect(problem.status).toBe(403);
    expect(problem.detail).toMatch(/API tokens cannot manage webhook endpoints/);
  });
});

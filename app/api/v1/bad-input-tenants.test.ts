import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { callRoute } from "@/test/api-calls";
import { badInputWorld, type BadInputWorld } from "@/test/bad-input-world";
import type { TestOrg } from "@/test/factories";

/*
 * A tenant of another organization and a made-up one, named in a bad or good export request: the same
 * answer byte for byte, through the real routes and server action, so an answer tells nothing about what
 * exists elsewhere. Only the cookie session and Next's request headers are stood in for.
 */
const session = vi.hoisted(() => ({ user: null as null | { id: string; email: string; name: string | null } }));
vi.mock("@/app/_lib/session", () => ({
  currentUser: async () => session.user,
  requireUser: async () => {
    if (!session.user) throw new Error("the test signed nobody in");
    return session.user;
  },
}));
vi.mock("@/app/_lib/request-context", async (original) => ({
  ...(await original<typeof import("@/app/_lib/request-context")>()),
  requestContext: async () => ({ ip: "203.0.113.9", userAgent: "vitest" }),
}));

const { world, valid } = badInputWorld(session);
let org: TestOrg;
let foreign: TestOrg;
let token: string;
let routes: BadInputWorld["routes"];
let createExportAction: BadInputWorld["createExportAction"];
beforeAll(() => {
  ({ org, foreign, token, routes, createExportAction } = world());
});

describe("a foreign tenant and a made-up one answer byte for byte alike", () => {
  const made = () => ({ organizationId: randomUUID(), tenantId: randomUUID() });
  const realOf = () => ({ organizationId: foreign.organizationId, tenantId: foreign.tenantIds[0] });
  const auths = [
    ["token", () => token],
    ["session", () => undefined],
  ] as const;

  it.each(auths)("GET /api/v1/exports (%s)", async (_auth, auth) => {
    const pairs = [
      [`tenantId=${realOf().tenantId}`, `tenantId=${made().tenantId}`],
      [`organizationId=${realOf().organizationId}&tenantId=${realOf().tenantId}`, `organizationId=${made().organizationId}&tenantId=${made().tenantId}`],
      [`organizationId=${org.organizationId}&tenantId=${realOf().tenantId}`, `organizationId=${org.organizationId}&tenantId=${made().tenantId}`],
      // The other organization named with its own tenant, against a made-up tenant of the caller's organization.
      [`organizationId=${realOf().organizationId}&tenantId=${realOf().tenantId}`, `organizationId=${org.organizationId}&tenantId=${made().tenantId}`],
    ];
    for (const [real, fake] of pairs) {
      const a = await callRoute(routes.list, { path: `/api/v1/exports?${real}`, token: auth() });
      const b = await callRoute(routes.list, { path: `/api/v1/exports?${fake}`, token: auth() });
      expect(a.status).toBe(404);
      expect(JSON.parse(a.text)).toMatchObject({ detail: "Tenant not found", code: "not_found" });
      expect(a).toEqual(b);
    }
  });

  const bodies: [string, (ids: { organizationId: string; tenantId: string }) => Record<string, unknown>][] = [
    ["tenant only", (ids) => valid({ tenantId: ids.tenantId })],
    ["organization and tenant", (ids) => valid({ ...ids })],
    ["own organization, the other tenant", (ids) => valid({ organizationId: org.organizationId, tenantId: ids.tenantId })],
    // Refused fields must not be checked before the tenant for one of the two and after it for the other.
    ["tenant only, with a bad date", (ids) => valid({ tenantId: ids.tenantId, from: "nope" })],
    ["tenant only, with a bad filter", (ids) => valid({ tenantId: ids.tenantId, filters: [{ field: "nodes", op: "eq", value: "abc" }] })],
  ];
  for (const [door, path] of [
    ["create", "/api/v1/exports"],
    ["estimate", "/api/v1/exports/estimate"],
    ["preview", "/api/v1/exports/preview"],
  ] as const) {
    it.each(auths)(`POST ${path} (%s)`, async (_auth, auth) => {
      for (const [what, body] of bodies) {
        const a = await callRoute(routes[door], { path, body: body(realOf()), token: auth() });
        const b = await callRoute(routes[door], { path, body: body(made()), token: auth() });
        expect(a.status, what).toBeGreaterThanOrEqual(400);
        expect(a.status, what).toBeLessThan(500);
        expect(a, what).toEqual(b);
      }
    });
  }

  it("createExportAction", async () => {
    const pairs = [
      [org.organizationId, valid({ tenantId: foreign.tenantIds[0] }), org.organizationId, valid({ tenantId: randomUUID() })],
      [foreign.organizationId, valid({ tenantId: foreign.tenantIds[0] }), randomUUID(), valid({ tenantId: randomUUID() })],
      [foreign.organizationId, valid({ tenantId: foreign.tenantIds[0] }), org.organizationId, valid({ tenantId: randomUUID() })],
      [foreign.organizationId, valid({ tenantId: foreign.tenantIds[0], to: "x" }), randomUUID(), valid({ tenantId: randomUUID(), to: "x" })],
    ] as const;
    for (const [orgA, bodyA, orgB, bodyB] of pairs) {
      const a = await createExportAction(orgA, bodyA);
      const b = await createExportAction(orgB, bodyB);
      expect(a.ok).toBe(false);
      expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    }
    expect(await createExportAction(org.organizationId, valid({ tenantId: foreign.tenantIds[0] }))).toEqual({
      ok: false,
      code: "not_found",
      message: "Tenant not found",
      fieldErrors: {},
    });
  });
});

import { describe, expect, it, vi } from "vitest";
import { callRoute } from "@/test/api-calls";
import { APP_URL } from "@/test/api-routes";
import { seedWorld, writtenRows, type GqlAnswer } from "@/test/seed-apis";

/*
 * The GraphQL catalog with the session cookie instead of a token: reads as every /api/v1 route reads them,
 * and a mutation only from the portal's own pages (the same origin check), naming its tenant.
 */
const session = vi.hoisted(() => ({ user: null as null | { id: string; email: string; name: string | null } }));
vi.mock("@/app/_lib/session", () => ({ currentUser: async () => session.user }));
vi.mock("@/auth", () => ({ auth: async () => null }));

const { world } = seedWorld("seedgqlsession");

const create = (tenantId: string) =>
  `mutation { createStream(input: {name: "DemoExport1", tenantId: "${tenantId}", dataRange: {datasets: "events"}}) { responseCode message item { id } } }`;

describe("POST /api/graphql with the session cookie", () => {
  it("refuses a mutation from another origin, writing nothing, and accepts one from the portal's own pages", async () => {
    const w = world();
    session.user = { id: w.analyst.id, email: w.analyst.email, name: "analyst" };
    try {
      const before = await writtenRows(w);
      const send = (headers: Record<string, string>) =>
        callRoute(w.routes.graphql, { path: "/api/graphql", body: { query: create(w.org.tenantIds[0]) }, headers });
      const crossSite = JSON.parse((await send({ origin: "https://evil.example" })).text) as GqlAnswer;
      expect(crossSite.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
      expect(crossSite.errors?.[0]?.message).toContain("did not come from the portal's own pages");
      expect(await writtenRows(w)).toEqual(before);

      const own = JSON.parse((await send({ origin: APP_URL })).text) as GqlAnswer;
      expect(own.data).toMatchObject({ createStream: { responseCode: "SUCCESS", message: "The export was requested." } });

      const unnamed = await callRoute(w.routes.graphql, { path: "/api/graphql", body: { query: `{ me { exports { id } } }` }, headers: { origin: APP_URL } });
      expect(JSON.parse(unnamed.text)).toMatchObject({
        errors: [{ message: "Name the tenant with tenantId: this token (or session) is not limited to one tenant.", extensions: { code: "BAD_USER_INPUT" } }],
      });
    } finally {
      session.user = null;
    }
  });
});

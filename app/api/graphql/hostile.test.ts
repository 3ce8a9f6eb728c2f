import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { callRoute, expectForPeople } from "@/test/api-calls";
import { hostileGraphqlBodies } from "@/test/hostile-graphql";
import { seededRandom } from "@/test/hostile-inputs";
import { seedWorld, writtenRows, type GqlAnswer } from "@/test/seed-apis";

/*
 * Two hundred hostile documents against the real GraphQL route, with a valid token so that whatever gets
 * past the limits reaches the real resolvers and database: never a 5xx, every error with a code, every
 * refused mutation in words, and nothing written. Only the cookie session is a stand-in.
 */
vi.mock("@/app/_lib/session", () => ({ currentUser: async () => null }));
vi.mock("@/auth", () => ({ auth: async () => null }));

const { world } = seedWorld("seedgqlfuzz");
const SEED = Number(process.env.FUZZ_SEED ?? 20261203);
let before: { exports: number; audit: number };
const REFUSED_BEFORE_RUNNING =
  /^(nest (a|me|status|braces) |aliases (me|exports|mutation) |fragment (self|pair|triangle|inline|cycle|doubling)|introspection (full|ofType ([6-9]|\d\d)|aliased)|directives many|huge field name)/;

beforeAll(async () => {
  before = await writtenRows(world());
});

afterAll(async () => {
  expect(await writtenRows(world())).toEqual(before);
});

describe("POST /api/graphql with hostile documents", () => {
  it(`answers each without a 5xx, with coded errors, writing nothing (seed ${SEED})`, async () => {
    const w = world();
    const bodies = hostileGraphqlBodies(seededRandom(SEED), w.org.tenantIds[0]);
    expect(bodies.length).toBeGreaterThanOrEqual(200);
    for (const { label, body } of bodies) {
      const answer = await callRoute(w.routes.graphql, { path: "/api/graphql", body, token: w.token });
      const context = `${label} → ${answer.status} ${answer.text.slice(0, 300)}`;
      expect(answer.status, context).toBeLessThan(500);
      const json = JSON.parse(answer.text) as GqlAnswer;
      for (const error of json.errors ?? []) {
        expect(typeof error.message, context).toBe("string");
        expect(error.extensions?.code, context).toMatch(/^[A-Z_]+$/);
        expect(error.extensions?.code, context).not.toBe("INTERNAL_SERVER_ERROR");
      }
      for (const key of ["createStream", "createExport"]) {
        const created = json.data?.[key] as { responseCode: string; message: string } | undefined;
        if (!created) continue;
        expect(created.responseCode, context).not.toBe("SUCCESS");
        expectForPeople(created.message, context);
      }
      // What the limits exist for is refused before it runs: no data at all, not partial answers.
      if (REFUSED_BEFORE_RUNNING.test(label)) expect(json.data ?? null, context).toBeNull();
    }
  });

  it("refuses a body larger than a document needs before parsing it", async () => {
    const answer = await callRoute(world().routes.graphql, {
      path: "/api/graphql",
      body: { query: `{ me { __typename } } # ${"x".repeat(70_000)}` },
      token: world().token,
    });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.text)).toEqual({
      errors: [{ message: "The request is larger than 64 KiB; send a shorter document.", extensions: { code: "REQUEST_TOO_LARGE" } }],
    });
  });
});

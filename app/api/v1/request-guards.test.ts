import { randomUUID } from "node:crypto";
import { count, eq } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { exports } from "@/db/schema";
import { createApiToken } from "@/lib/api-tokens/service";
import { CLIENT_ADDRESS_HEADER } from "@/lib/http/client-address";
import { resetRateLimits } from "@/lib/rate-limit/limits";
import { addMember, createOrg, createUser, testDb, type TestOrg } from "@/test/factories";
import { problemSchema } from "./_lib/schemas";

/*
 * The guards every API route runs before its work, called as Next calls the routes against the real
 * database. The cookie session is replaced (Auth.js needs Next's runtime): `signedIn` stands for the
 * session cookie a browser would send along with any request to the portal, whoever made the page.
 */
let signedIn: { id: string; email: string } | null = null;
vi.mock("@/app/_lib/session", () => ({ currentUser: async () => signedIn }));

const PORTAL = "http://localhost:3000";
const { db } = testDb();
let org: TestOrg;
let member: { id: string; email: string };
let token: string;
type Handler = (r: Request, ctx: { params: Promise<{ id: string }> }) => Promise<Response>;
let createExport: (r: Request) => Promise<Response>;
let listExports: (r: Request) => Promise<Response>;
let cancel: Handler;

beforeAll(async () => {
  process.env.APP_URL = PORTAL;
  process.env.API_FAILED_TOKENS_PER_IP = "5";
  process.env.API_REQUESTS_PER_TOKEN = "4";
  ({ POST: createExport, GET: listExports } = await import("./exports/route"));
  ({ POST: cancel } = await import("./exports/[id]/cancel/route"));
  org = await createOrg(db, "Guards");
  member = await createUser(db, "guarded");
  await addMember(db, org, member.id, "admin");
  token = (
    await createApiToken(
      db,
      { userId: member.id, context: { ip: null, userAgent: null } },
      { organizationId: org.organizationId, tenantId: org.tenantIds[0], name: "guards", scopes: ["data.exports.read", "data.exports.create"] },
    )
  ).token;
});

beforeEach(() => {
  signedIn = null;
  resetRateLimits();
});

const exportCount = async () => (await db.select({ n: count() }).from(exports).where(eq(exports.organizationId, org.organizationId)))[0]?.n;

describe("a signed-in browser's cookie on requests that change something", () => {
  const exportBody = () =>
    JSON.stringify({ tenantId: org.tenantIds[0], realm: "jobs", fields: ["job_id"], from: "2024-01-01", to: "2024-01-31", format: "csv" });

  it("refuses a plain form post from another port of the same host, and creates nothing", async () => {
    signedIn = member;
    const before = await exportCount();
    // What `<form method=post enctype=text/plain action=http://localhost:3000/api/v1/exports>` on
    // http://localhost:4000 sends: a JSON-looking body, no JSON content type, the other page's origin.
    const res = await createExport(
      new Request(`${PORTAL}/api/v1/exports`, {
        method: "POST",
        headers: { host: "localhost:3000", origin: "http://localhost:4000", "sec-fetch-site": "same-site", "content-type": "text/plain" },
        body: exportBody(),
      }),
    );
    expect(res.status).toBe(403);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(problemSchema.parse(await res.json()).detail).toBe(
      "This request was refused because it did not come from the portal's own pages (it came from http://localhost:4000). A signed-in browser can change things only from the portal itself; scripts should send an API token as Authorization: Bearer <token>.",
    );
    expect(await exportCount()).toBe(before);
  });

  it("refuses a cancel from another origin, an opaque one, or a browser that names only another site", async () => {
    signedIn = member;
    const id = randomUUID();
    const refused: Record<string, string>[] = [
      { origin: "http://localhost:4000" },
      { origin: "null" },
      { "sec-fetch-site": "same-site" },
      { "sec-fetch-site": "cross-site", origin: "http://localhost:3000.evil.test" },
    ];
    for (const headers of refused) {
      const res = await cancel(new Request(`${PORTAL}/api/v1/exports/${id}/cancel`, { method: "POST", headers: { host: "localhost:3000", ...headers } }), {
        params: Promise.resolve({ id }),
      });
      expect(res.status).toBe(403);
      expect(problemSchema.parse(await res.json()).detail).toMatch(/^This request was refused because it did not come from the portal's own pages/);
    }
  });

  it("refuses a request that names no origin at all, as a script holding the cookie sends it, and creates nothing", async () => {
    signedIn = member;
    const before = await exportCount();
    const detail =
      "This request was refused because it did not come from the portal's own pages (it had no Origin header). A signed-in browser can change things only from the portal itself; scripts should send an API token as Authorization: Bearer <token>.";
    const created = await createExport(
      new Request(`${PORTAL}/api/v1/exports`, { method: "POST", headers: { host: "localhost:3000", "content-type": "application/json" }, body: exportBody() }),
    );
    expect(created.status).toBe(403);
    expect(problemSchema.parse(await created.json()).detail).toBe(detail);
    expect(await exportCount()).toBe(before);
    const id = randomUUID();
    const cancelled = await cancel(new Request(`${PORTAL}/api/v1/exports/${id}/cancel`, { method: "POST", headers: { host: "localhost:3000" } }), {
      params: Promise.resolve({ id }),
    });
    expect(cancelled.status).toBe(403);
    expect(problemSchema.parse(await cancelled.json()).detail).toBe(detail);
  });

  it("lets the portal's own pages through: by Origin (APP_URL or the Host it was sent to) or Sec-Fetch-Site", async () => {
    signedIn = member;
    const id = randomUUID();
    const allowed: Record<string, string>[] = [
      { host: "localhost:3000", origin: PORTAL },
      { host: "127.0.0.1:3000", origin: "http://127.0.0.1:3000" },
      { host: "portal.internal:8080", "sec-fetch-site": "same-origin" },
    ];
    for (const headers of allowed) {
      const res = await cancel(new Request(`${PORTAL}/api/v1/exports/${id}/cancel`, { method: "POST", headers }), { params: Promise.resolve({ id }) });
      // Past the guard: the made-up export is simply not found.
      expect(res.status).toBe(404);
    }
  });

  it("requires a JSON content type for a body, even from the portal's own origin", async () => {
    signedIn = member;
    const before = await exportCount();
    const res = await createExport(
      new Request(`${PORTAL}/api/v1/exports`, {
        method: "POST",
        headers: { host: "localhost:3000", origin: PORTAL, "content-type": "text/plain;charset=UTF-8" },
        body: exportBody(),
      }),
    );
    expect(res.status).toBe(415);
    expect(problemSchema.parse(await res.json()).detail).toBe("Send the request body as JSON, with the header Content-Type: application/json.");
    expect(await exportCount()).toBe(before);
  });

  it("does not apply to reads, nor to requests with an API token from anywhere", async () => {
    signedIn = member;
    const read = await listExports(
      new Request(`${PORTAL}/api/v1/exports?tenantId=${org.tenantIds[0]}`, { headers: { host: "localhost:3000", origin: "http://localhost:4000" } }),
    );
    expect(read.status).toBe(200);
    const id = randomUUID();
    const scripted = await cancel(
      new Request(`${PORTAL}/api/v1/exports/${id}/cancel`, {
        method: "POST",
        headers: { host: "localhost:3000", origin: "http://localhost:4000", authorization: `Bearer ${token}` },
      }),
      { params: Promise.resolve({ id }) },
    );
    expect(scripted.status).toBe(404);
  });
});

describe("API token limits", () => {
  const list = (bearer: string, ip: string) =>
    listExports(
      new Request(`${PORTAL}/api/v1/exports?tenantId=${org.tenantIds[0]}`, { headers: { authorization: `Bearer ${bearer}`, [CLIENT_ADDRESS_HEADER]: ip } }),
    );

  it("stops an address that guesses tokens, even when it then sends a valid one; other addresses go on", async () => {
    for (let i = 0; i < 5; i++) expect((await list(`dep_guess${i}`, "203.0.113.7")).status).toBe(401);
    const refused = await list(token, "203.0.113.7");
    expect(refused.status).toBe(429);
    const wait = Number(refused.headers.get("retry-after"));
    expect(wait).toBeGreaterThan(500);
    expect(wait).toBeLessThanOrEqual(600);
    expect(problemSchema.parse(await refused.json()).detail).toBe(
      "Too many requests with an invalid API token came from your address. Try again in 10 minutes.",
    );
    expect((await list(token, "203.0.113.8")).status).toBe(200);
  });

  it("limits the requests of one token per minute", async () => {
    for (let i = 0; i < 4; i++) expect((await list(token, `198.51.100.${i}`)).status).toBe(200);
    const refused = await list(token, "198.51.100.9");
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(problemSchema.parse(await refused.json()).detail).toMatch(/^This API token made too many requests\. Slow down and try again in \d+ s\.$/);
  });
});

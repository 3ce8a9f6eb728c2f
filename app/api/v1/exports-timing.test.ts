import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { addMember, createOrg, createUser, testDb, type TestOrg } from "@/test/factories";
import { insertExport, loadRoutes, type Routes } from "@/test/api-routes";

/*
 * A foreign export id must answer as fast as a made-up one, so timing tells nothing about what exists in
 * another organization. Medians of interleaved calls in one run; the tolerance is wide enough for a noisy
 * machine and still far below the extra permission lookups a foreign id used to cost.
 */
// Signed in with a session (no token), as a person's browser is: the slow path was the permission lookup.
const session = vi.hoisted(() => ({ user: { id: "", email: "", name: null as string | null } }));
vi.mock("@/app/_lib/session", () => ({ currentUser: async () => session.user }));
vi.mock("@/auth", () => ({ auth: async () => session }));

const { db } = testDb();
let routes: Routes;
let foreignId: string;
const ROUNDS = 60;

beforeAll(async () => {
  routes = await loadRoutes("timing");
  const org: TestOrg = await createOrg(db, "Timing");
  const foreign = await createOrg(db, "Timing foreign");
  const user = await createUser(db, "timing");
  const stranger = await createUser(db, "stranger");
  await addMember(db, org, user.id, "admin");
  await addMember(db, foreign, stranger.id, "admin");
  session.user = { id: user.id, email: user.email, name: "timing" };
  foreignId = await insertExport(routes, foreign, stranger.id);
});
afterAll(async () => {
  await routes?.engine.stop();
});

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
};

const get = (handler: Routes["getExport"], id: string, path: string) =>
  handler(new Request(`http://portal.test${path}`, { headers: { accept: "application/json" } }), { params: Promise.resolve({ id }) });

async function timed(fn: () => Promise<Response>): Promise<number> {
  const t = performance.now();
  const res = await fn();
  await res.arrayBuffer();
  expect(res.status).toBe(404);
  return performance.now() - t;
}

describe.each([
  ["GET /api/v1/exports/{id}", (id: string) => get(routes.getExport, id, `/api/v1/exports/${id}`)],
  ["GET /api/v1/exports/{id}/download", (id: string) => get(routes.download, id, `/api/v1/exports/${id}/download`)],
  ["GET /exports/{id}/download", (id: string) => get(routes.portalDownload, id, `/exports/${id}/download`)],
])("%s", (_name, call) => {
  it("answers a foreign id and a made-up one in the same time", async () => {
    for (let i = 0; i < 10; i++) await Promise.all([timed(() => call(foreignId)), timed(() => call(randomUUID()))]);
    // Up to three measurements: a burst of load from other processes can spoil one, while the old path (a
    // permission lookup only for ids that exist) was about twice as slow for a foreign id every time.
    const seen: { foreign: number; madeUp: number }[] = [];
    const same = (r: { foreign: number; madeUp: number }) => r.foreign < r.madeUp * 1.3 + 0.3;
    for (let attempt = 0; attempt < 3; attempt++) {
      const foreign: number[] = [];
      const madeUp: number[] = [];
      for (let i = 0; i < ROUNDS; i++) {
        // Alternate which goes first, so load on the machine falls on both alike.
        if (i % 2) foreign.push(await timed(() => call(foreignId)));
        madeUp.push(await timed(() => call(randomUUID())));
        if (!(i % 2)) foreign.push(await timed(() => call(foreignId)));
      }
      seen.push({ foreign: median(foreign), madeUp: median(madeUp) });
      if (same(seen[attempt] ?? { foreign: 1, madeUp: 0 })) break;
    }
    const report = seen.map((r) => `foreign ${r.foreign.toFixed(2)} ms, made-up ${r.madeUp.toFixed(2)} ms`).join("; ");
    console.log(`${_name} (medians of ${ROUNDS}): ${report}`);
    expect(seen.some(same), report).toBe(true);
  });
});

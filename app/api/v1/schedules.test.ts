import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { addMember, createOrg, createUser, testDb, type TestOrg } from "@/test/factories";
import { bearer, loadRoutes, tokenFor, type Routes } from "@/test/api-routes";
import { scheduleBody } from "@/test/schedules";

/* The schedules API against the real database and engine: create, read back, refusals in words, visibility, pause/resume, backfill and runs. */
vi.mock("@/app/_lib/session", () => ({ currentUser: async () => null }));
vi.mock("@/auth", () => ({ auth: async () => null }));

const { db } = testDb();
let routes: Routes;
let org: TestOrg;
let tokens: { analyst: string; other: string; admin: string; foreign: string };
let api: {
  list: typeof import("./schedules/route");
  one: typeof import("./schedules/[id]/route");
  pause: typeof import("./schedules/[id]/pause/route");
  resume: typeof import("./schedules/[id]/resume/route");
  runs: typeof import("./schedules/[id]/runs/route");
  backfill: typeof import("./schedules/[id]/backfill/route");
};

beforeAll(async () => {
  routes = await loadRoutes("schedules");
  api = {
    list: await import("./schedules/route"),
    one: await import("./schedules/[id]/route"),
    pause: await import("./schedules/[id]/pause/route"),
    resume: await import("./schedules/[id]/resume/route"),
    runs: await import("./schedules/[id]/runs/route"),
    backfill: await import("./schedules/[id]/backfill/route"),
  };
  org = await createOrg(db, "Sched API");
  const foreignOrg = await createOrg(db, "Elsewhere");
  const [analyst, other, admin, stranger] = await Promise.all(["analyst", "other", "admin", "stranger"].map((l) => createUser(db, l)));
  if (!analyst || !other || !admin || !stranger) throw new Error("users");
  await addMember(db, org, analyst.id, "analyst", org.tenantIds[0]);
  await addMember(db, org, other.id, "analyst", org.tenantIds[0]);
  await addMember(db, org, admin.id, "admin");
  await addMember(db, foreignOrg, stranger.id, "admin");
  const scopes = ["data.exports.read", "data.exports.create", "data.exports.manage"];
  tokens = {
    analyst: await tokenFor(analyst.id, org, scopes.slice(0, 2)),
    other: await tokenFor(other.id, org, scopes.slice(0, 2)),
    admin: await tokenFor(admin.id, org, scopes, null),
    foreign: await tokenFor(stranger.id, foreignOrg, scopes, null),
  };
});
afterAll(async () => {
  await routes?.engine.stop();
});

const body = (change: Record<string, unknown> = {}) => scheduleBody(org, "Daily jobs", change);
const req = (token: string, path: string, method = "GET", json?: unknown) =>
  new Request(`http://portal.test${path}`, {
    method,
    headers: { ...bearer(token), "content-type": "application/json" },
    ...(json === undefined ? {} : { body: JSON.stringify(json) }),
  });
const ctx = (id: string) => ({ params: Promise.resolve({ id }) });
async function create(token: string, change: Record<string, unknown> = {}) {
  const res = await api.list.POST(req(token, "/api/v1/schedules", "POST", body(change)));
  return { status: res.status, json: (await res.json()) as Record<string, unknown> & { id: string } };
}

describe("POST /api/v1/schedules", () => {
  it("creates a fixed-window schedule and reads it back with its cadence in words and its next run on its own clock", async () => {
    const made = await create(tokens.analyst);
    expect(made.status).toBe(201);
    expect(made.json).toMatchObject({
      name: "Daily jobs",
      cadenceInWords: "Every day at 00:30 (Europe/Amsterdam)",
      mode: "fixed_window",
      state: "active",
      lastRun: null,
      request: { realm: "jobs", fields: ["job_id", "submitted_at"], format: "csv", timezone: "Europe/Amsterdam" },
    });
    expect(made.json.nextRunLocal).toMatch(/^\d{4}-\d{2}-\d{2} 00:30 Europe\/Amsterdam$/);
    expect(made.json.request).not.toHaveProperty("from");
    const again = await api.one.GET(req(tokens.analyst, `/api/v1/schedules/${made.json.id}`), ctx(made.json.id));
    expect(await again.json()).toMatchObject({ id: made.json.id, name: "Daily jobs", backfills: [] });
  });

  it.each([
    // The test organization keeps the default longest range, which an incremental stream's first run exceeds.
    [
      { mode: "incremental" },
      /An incremental schedule's first run exports from the first record, .* at most 366 days .*choose a fixed window \(the previous hour, day or week; mode "fixed_window"\) instead/,
    ],
    [{ mode: undefined }, /An incremental schedule's first run exports from the first record/],
    [{ cadence: { every: "week", at: "08:00" } }, /Every week needs a day: monday/],
    [{ cadence: { every: "day", at: "25:00" } }, "Every day needs a time of day, HH:MM on a 24-hour clock, e.g. 00:30."],
    [{ cadence: { cron: "*/5 * * * *" } }, /runs more than once an hour; a schedule may run at most hourly/],
    [{ cadence: { every: "fortnight" } }, /Choose how often it runs/],
    [{ from: "2026-01-01" }, /takes its dates from its cadence/],
    [{ timezone: "Mars/Olympus" }, /Choose a timezone from the list/],
    [{ realm: "nope" }, /realm/i],
  ])("refuses %j with a 422 a person can act on", async (change, message) => {
    const made = await create(tokens.analyst, change);
    expect(made.status).toBe(422);
    expect(String(made.json.detail)).toMatch(message);
    expect(String(made.json.detail)).not.toMatch(/Invalid input|expected string|\[0\]/);
  });
});

describe("visibility and control", () => {
  it("shows each analyst their own schedules, the organization admin all of them, and another organization none (404 by id)", async () => {
    const mine = await create(tokens.analyst, { name: "Mine" });
    const theirs = await create(tokens.other, { name: "Theirs" });
    const names = async (token: string) =>
      ((await (await api.list.GET(req(token, `/api/v1/schedules?organizationId=${org.organizationId}`))).json()) as { items: { name: string }[] }).items.map(
        (i) => i.name,
      );
    expect(await names(tokens.analyst)).toContain("Mine");
    expect(await names(tokens.analyst)).not.toContain("Theirs");
    expect(await names(tokens.admin)).toEqual(expect.arrayContaining(["Mine", "Theirs"]));
    const foreign = await api.one.GET(req(tokens.foreign, `/api/v1/schedules/${mine.json.id}`), ctx(mine.json.id));
    expect(foreign.status).toBe(404);
    expect(await foreign.json()).toMatchObject({ detail: "Schedule not found" });
    const peer = await api.pause.POST(req(tokens.analyst, `/api/v1/schedules/${theirs.json.id}/pause`, "POST"), ctx(theirs.json.id));
    expect(peer.status).toBe(404);
    const made = await api.one.GET(req(tokens.admin, `/api/v1/schedules/not-a-uuid`), ctx("not-a-uuid"));
    expect(made.status).toBe(404);
  });

  it("pauses and resumes, changes the cadence, backfills days into runs with progress, lists them and deletes the schedule", async () => {
    const { json: s } = await create(tokens.analyst, { name: "Backfilled" });
    const paused = await api.pause.POST(req(tokens.analyst, `/api/v1/schedules/${s.id}/pause`, "POST"), ctx(s.id));
    expect(await paused.json()).toMatchObject({ state: "paused", pausedReason: "Paused by a person." });
    const refused = await api.backfill.POST(
      req(tokens.analyst, `/api/v1/schedules/${s.id}/backfill`, "POST", { from: "2026-03-01", to: "2026-03-03" }),
      ctx(s.id),
    );
    expect(refused.status).toBe(409);
    const resumed = await api.resume.POST(req(tokens.analyst, `/api/v1/schedules/${s.id}/resume`, "POST"), ctx(s.id));
    expect(await resumed.json()).toMatchObject({ state: "active", pausedReason: null });

    const bad = await api.backfill.POST(req(tokens.analyst, `/api/v1/schedules/${s.id}/backfill`, "POST", { from: "2026-03-03", to: "2026-03-01" }), ctx(s.id));
    expect(bad.status).toBe(422);
    expect(await bad.json()).toMatchObject({ detail: "The last day must be on or after the first day." });
    const backfill = await api.backfill.POST(
      req(tokens.analyst, `/api/v1/schedules/${s.id}/backfill`, "POST", { from: "2026-03-28", to: "2026-03-30" }),
      ctx(s.id),
    );
    expect(backfill.status).toBe(202);
    expect(await backfill.json()).toMatchObject({ from: "2026-03-28", to: "2026-03-30", total: 3, queued: 3, done: 0 });
    const runs = (await (await api.runs.GET(req(tokens.analyst, `/api/v1/schedules/${s.id}/runs`), ctx(s.id))).json()) as { items: Record<string, unknown>[] };
    expect(runs.items.map((r) => [r.interval, r.status])).toEqual([
      ["2026-03-30", "pending"],
      ["2026-03-29", "pending"],
      ["2026-03-28", "pending"],
    ]);
    expect(runs.items[1]).toMatchObject({
      intervalStart: "2026-03-28T23:00:00.000Z",
      intervalEnd: "2026-03-29T22:00:00.000Z",
      name: "Backfilled · 2026-03-29",
    });

    const changed = await api.one.PATCH(
      req(tokens.analyst, `/api/v1/schedules/${s.id}`, "PATCH", { cadence: { every: "week", on: "monday", at: "07:15" } }),
      ctx(s.id),
    );
    expect(await changed.json()).toMatchObject({ cadenceInWords: "Every Monday at 07:15 (Europe/Amsterdam)", request: { realm: "jobs" } });
    const gone = await api.one.DELETE(req(tokens.analyst, `/api/v1/schedules/${s.id}`, "DELETE"), ctx(s.id));
    expect(gone.status).toBe(204);
    expect((await api.one.GET(req(tokens.analyst, `/api/v1/schedules/${s.id}`), ctx(s.id))).status).toBe(404);
  });
});

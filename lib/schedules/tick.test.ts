import { and, asc, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { exports, memberships, schedules } from "@/db/schema";
import { addMember, createOrg, createUser, testDb, type TestOrg } from "@/test/factories";
import { estimateRows } from "../exports";
import type { ExportDeps, ExportEvents } from "../export-requests/service";
import { localDateTime } from "./local-time";
import { backfillSchedule, createSchedule } from "./service";
import { advanceBackfills, tickSchedules } from "./tick";

const { db, sql } = testDb();
const AMS = "Europe/Amsterdam";

/** Records what the ticks hand to the job engine, with the idempotency ids; real runs are tested through the engine elsewhere. */
const sent: { exportId: string; id?: string }[] = [];
const events: ExportEvents = {
  async requested(data, opts) {
    sent.push({ exportId: data.exportId, id: opts?.id });
  },
  async cancelled() {},
};
const deps: ExportDeps = { db, warehouse: sql, events, deleteFile: async () => {}, fileExists: async () => true };

let org: TestOrg;
/** Each test ticks its own organization only, so schedules of other tests (and files) are not claimed. */
const tick = (d: ExportDeps, now: Date) => tickSchedules(d, now, { organizationId: org.organizationId });
beforeEach(async () => {
  org = await createOrg(db, "Schedules");
});

async function analystSchedule(cadence: Record<string, unknown>, createdAt: Date, timezone = AMS) {
  const user = await createUser(db, "analyst");
  await addMember(db, org, user.id, "analyst", org.tenantIds[0]);
  const body = {
    name: "Nightly jobs",
    cadence,
    timezone,
    mode: "fixed_window",
    tenantId: org.tenantIds[0],
    scope: { type: "tenant" },
    realm: "jobs",
    format: "csv",
  };
  return { user, schedule: await createSchedule(deps, { userId: user.id, context: { ip: null, userAgent: "vitest" } }, org.organizationId, body, createdAt) };
}

const runsOf = (scheduleId: string) => db.select().from(exports).where(eq(exports.scheduleId, scheduleId)).orderBy(asc(exports.intervalEnd));
const hours = (r: { intervalStart: Date | null; intervalEnd: Date | null }) =>
  ((r.intervalEnd?.getTime() ?? 0) - (r.intervalStart?.getTime() ?? 0)) / 3_600_000;

describe("the minute tick", () => {
  it("after the engine was down across 3 intervals, queues exactly 3 catch-up exports in order, across the March change, and no duplicates", async () => {
    const { schedule } = await analystSchedule({ every: "day", at: "00:30" }, new Date("2026-03-27T12:00:00Z"));
    expect(localDateTime(schedule.nextRunAt, AMS)).toBe("2026-03-28 00:30");
    // Nothing ticked until the third run's time had passed.
    const now = new Date("2026-03-30T09:00:00Z");
    const first = await tick(deps, now);
    expect(first.claimed).toContain(schedule.id);
    const runs = await runsOf(schedule.id);
    expect(runs.map((r) => [r.dateFrom, r.dateTo, hours(r)])).toEqual([
      ["2026-03-27", "2026-03-27", 24],
      ["2026-03-28", "2026-03-28", 24],
      ["2026-03-29", "2026-03-29", 23],
    ]);
    expect(runs.map((r) => r.intervalStart && localDateTime(r.intervalStart, AMS))).toEqual(["2026-03-27 00:00", "2026-03-28 00:00", "2026-03-29 00:00"]);
    expect(first.queued).toEqual(runs.map((r) => r.id));
    expect(runs[2]?.name).toBe("Nightly jobs · 2026-03-29");
    // Each export/requested event carries an id made of the schedule and interval end.
    expect(sent.filter((s) => first.queued.includes(s.exportId)).map((s) => s.id)).toEqual(
      runs.map((r) => `schedule-run-${schedule.id}-${r.intervalEnd?.toISOString()}`),
    );
    const [after] = await db.select().from(schedules).where(eq(schedules.id, schedule.id));
    expect(after && localDateTime(after.nextRunAt, AMS)).toBe("2026-03-31 00:30");

    // Ticking again, or with the schedule's next run put back as a tick that fired twice would see it, makes nothing new.
    expect((await tick(deps, now)).queued).toEqual([]);
    await db.update(schedules).set({ nextRunAt: schedule.nextRunAt }).where(eq(schedules.id, schedule.id));
    expect((await tick(deps, now)).queued).toEqual([]);
    expect(await runsOf(schedule.id)).toHaveLength(3);
  });

  it("covers the 25-hour local day of the October change exactly", async () => {
    const { schedule } = await analystSchedule({ every: "day", at: "00:30" }, new Date("2026-10-25T12:00:00Z"));
    await tick(deps, new Date("2026-10-26T01:00:00Z"));
    const [run] = await runsOf(schedule.id);
    expect(run && [run.dateFrom, run.intervalStart?.toISOString(), run.intervalEnd?.toISOString(), hours(run)]).toEqual([
      "2026-10-25",
      "2026-10-24T22:00:00.000Z",
      "2026-10-25T23:00:00.000Z",
      25,
    ]);
  });

  it("catches up at most 24 intervals, the latest, and records the ones skipped", async () => {
    const { schedule } = await analystSchedule({ every: "hour" }, new Date("2026-05-01T00:00:00Z"), "UTC");
    const now = new Date("2026-05-02T06:30:00Z"); // 30 hourly runs due
    for (let i = 0; i < 4; i++) {
      await tick(deps, now);
      // The owner may have 10 exports queued at once: finished ones make room for the rest of the catch-up.
      await db.update(exports).set({ status: "done" }).where(eq(exports.scheduleId, schedule.id));
    }
    const runs = await runsOf(schedule.id);
    expect(runs).toHaveLength(24);
    expect(runs[0]?.intervalStart?.toISOString()).toBe("2026-05-01T06:00:00.000Z");
    expect(runs.at(-1)?.intervalEnd?.toISOString()).toBe("2026-05-02T06:00:00.000Z");
    const [after] = await db.select().from(schedules).where(eq(schedules.id, schedule.id));
    expect(after?.skipped).toEqual({ count: 6, from: "2026-05-01T00:00:00.000Z", to: "2026-05-01T06:00:00.000Z" });
  });

  it("makes one export when two ticks race for the same schedule; the second passes the claimed schedule by without waiting", async () => {
    const { schedule } = await analystSchedule({ every: "day", at: "06:00" }, new Date("2026-06-01T05:00:00Z"));
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    // The first tick's run stays in its estimate until the second tick is done.
    let entered: () => void = () => {};
    const inEstimate = new Promise<void>((resolve) => (entered = resolve));
    const slow: ExportDeps = { ...deps, estimate: async (...args) => (entered(), await held, estimateRows(...args)) };
    const finished: string[] = [];
    const now = new Date("2026-06-02T07:00:00Z");
    const a = tick(slow, now).then((r) => (finished.push("a"), r));
    // The first tick has claimed the schedule (its lock is held until it commits) and waits in its run's estimate.
    await inEstimate;
    const b = tick(deps, now).then((r) => (finished.push("b"), r));
    const second = await b;
    release();
    const first = await a;
    expect(finished).toEqual(["b", "a"]);
    expect(first.claimed).toContain(schedule.id);
    expect(second.claimed).not.toContain(schedule.id);
    expect(await runsOf(schedule.id)).toHaveLength(1);
  });

  it("pauses a schedule whose owner lost access, with the reason, and queues nothing", async () => {
    const { user, schedule } = await analystSchedule({ every: "day", at: "06:00" }, new Date("2026-07-01T00:00:00Z"));
    await db.delete(memberships).where(and(eq(memberships.userId, user.id), eq(memberships.organizationId, org.organizationId)));
    const report = await tick(deps, new Date("2026-07-02T07:00:00Z"));
    expect(report.paused).toEqual([expect.objectContaining({ scheduleId: schedule.id, reason: "The owner no longer has access: Tenant not found" })]);
    const [after] = await db.select().from(schedules).where(eq(schedules.id, schedule.id));
    expect(after).toMatchObject({ state: "paused", pausedReason: "The owner no longer has access: Tenant not found" });
    expect(await runsOf(schedule.id)).toHaveLength(0);
  });

  it("pauses when the owner's role no longer lets them export, saying so of the owner", async () => {
    const { user, schedule } = await analystSchedule({ every: "day", at: "06:00" }, new Date("2026-07-01T00:00:00Z"));
    const viewerRole = org.roleIds.viewer;
    if (!viewerRole) throw new Error("no viewer role");
    await db.update(memberships).set({ roleId: viewerRole }).where(eq(memberships.userId, user.id));
    const report = await tick(deps, new Date("2026-07-02T07:00:00Z"));
    expect(report.paused[0]?.reason).toBe(
      "The owner no longer has access: the owner doesn't have the data.exports.create permission here. Ask an organization or tenant admin.",
    );
    expect(await runsOf(schedule.id)).toHaveLength(0);
  });

  it("backfills a range of days in order, as many at once as the owner's queue allows, and the rest later", async () => {
    const { user, schedule } = await analystSchedule({ every: "day", at: "00:30" }, new Date("2026-09-01T12:00:00Z"));
    const actor = { userId: user.id, context: { ip: null, userAgent: "vitest" } };
    const backfill = await backfillSchedule(deps, actor, { id: schedule.id }, { from: "2026-03-20", to: "2026-03-31" }, new Date("2026-09-01T12:00:00Z"));
    // Twelve days, ten queued at once (the owner may have ten exports queued).
    expect([backfill.dueTimes.length, backfill.queued]).toEqual([12, 10]);
    await db.update(exports).set({ status: "done" }).where(eq(exports.scheduleId, schedule.id));
    await advanceBackfills(deps, { claimed: [], queued: [], paused: [] }, backfill.id);
    const runs = await runsOf(schedule.id);
    expect(runs.map((r) => r.dateFrom)).toEqual(Array.from({ length: 12 }, (_, i) => `2026-03-${String(20 + i).padStart(2, "0")}`));
    // The spring-forward day is one of them, 23 hours long.
    const march29 = runs.find((r) => r.dateFrom === "2026-03-29");
    expect(march29 && hours(march29)).toBe(23);
  });

  it("holds one run per schedule and interval end in the database itself", async () => {
    const { schedule } = await analystSchedule({ every: "day", at: "06:00" }, new Date("2026-08-01T00:00:00Z"));
    await tick(deps, new Date("2026-08-02T07:00:00Z"));
    const [run] = await runsOf(schedule.id);
    if (!run) throw new Error("no run");
    const { id: _id, requestFingerprint: _f, ...copy } = run;
    await expect(db.insert(exports).values({ ...copy, status: "done" })).rejects.toMatchObject({ cause: { code: "23505" } });
  });
});

import { describe, expect, it } from "vitest";
import { cadenceInWords, cronRefusal, dueIntervals, intervalOf, nextDue } from "./cadence";
import { localDateTime, startOfLocalDate } from "./local-time";

const AMS = "Europe/Amsterdam";
const hours = (i: { start: Date; end: Date }) => (i.end.getTime() - i.start.getTime()) / 3_600_000;

describe("a daily schedule at 00:30 Europe/Amsterdam across both daylight-saving changes of 2026", () => {
  const daily = { every: "day", at: "00:30" } as const;

  it("runs once a day, each run covering exactly the previous local day: 23 hours in March, 25 in October", () => {
    for (const [firstDay, changeDay, length] of [
      ["2026-03-27", "2026-03-29", 23],
      ["2026-10-23", "2026-10-25", 25],
    ] as const) {
      const first = nextDue(daily, AMS, new Date(`${firstDay}T00:00:00Z`));
      const runs = dueIntervals(daily, AMS, first, startOfLocalDate(shift(firstDay, 5), AMS));
      // Due at 00:30 local on four consecutive days, one run each.
      expect(runs.map((r) => localDateTime(r.dueAt, AMS))).toEqual([0, 1, 2, 3].map((d) => `${shift(firstDay, d + 1)} 00:30`));
      for (const r of runs) {
        expect(localDateTime(r.start, AMS).slice(11)).toBe("00:00");
        expect(localDateTime(r.end, AMS).slice(11)).toBe("00:00");
        expect(localDateTime(r.start, AMS).slice(0, 10)).toBe(shift(localDateTime(r.dueAt, AMS).slice(0, 10), -1));
      }
      // Consecutive and without overlap: each ends where the next begins.
      runs.slice(1).forEach((r, i) => expect(r.start).toEqual(runs[i]?.end));
      const change = runs.find((r) => localDateTime(r.start, AMS).startsWith(changeDay));
      expect(change && hours(change)).toBe(length);
      expect(runs.filter((r) => r !== change).map(hours)).toEqual([24, 24, 24]);
    }
  });

  it("starts the spring-forward day at 23:00 UTC and the fall-back day at 22:00 UTC", () => {
    const march = intervalOf(daily, AMS, new Date("2026-03-29T22:30:00Z"));
    expect([march.start.toISOString(), march.end.toISOString()]).toEqual(["2026-03-28T23:00:00.000Z", "2026-03-29T22:00:00.000Z"]);
    const october = intervalOf(daily, AMS, new Date("2026-10-25T23:30:00Z"));
    expect([october.start.toISOString(), october.end.toISOString()]).toEqual(["2026-10-24T22:00:00.000Z", "2026-10-25T23:00:00.000Z"]);
  });
});

function shift(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

describe("cadences", () => {
  it("hourly covers the previous hour; weekly the seven local days before its day; cron from its previous firing", () => {
    const h = intervalOf({ every: "hour" }, AMS, nextDue({ every: "hour" }, AMS, new Date("2026-06-01T10:10:00Z")));
    expect([h.start.toISOString(), h.end.toISOString()]).toEqual(["2026-06-01T10:00:00.000Z", "2026-06-01T11:00:00.000Z"]);
    const weekly = { every: "week", on: "monday", at: "06:00" } as const;
    const due = nextDue(weekly, AMS, new Date("2026-06-01T10:00:00Z"));
    expect(localDateTime(due, AMS)).toBe("2026-06-08 06:00");
    const w = intervalOf(weekly, AMS, due);
    expect([localDateTime(w.start, AMS), localDateTime(w.end, AMS)]).toEqual(["2026-06-01 00:00", "2026-06-08 00:00"]);
    const c = intervalOf({ cron: "0 */6 * * *" }, "UTC", new Date("2026-06-01T12:00:00Z"));
    expect([c.start.toISOString(), c.end.toISOString()]).toEqual(["2026-06-01T06:00:00.000Z", "2026-06-01T12:00:00.000Z"]);
  });

  it("says the cadence in words and refuses unusable cron expressions in words", () => {
    expect(cadenceInWords({ every: "week", on: "friday", at: "17:00" }, AMS)).toBe("Every Friday at 17:00 (Europe/Amsterdam)");
    expect(cronRefusal("not a cron", "UTC")).toMatch(/is not valid: use five fields/);
    expect(cronRefusal("*/5 * * * *", "UTC")).toMatch(/runs more than once an hour/);
    expect(cronRefusal("0 6 * * 1", "UTC")).toBeNull();
  });
});

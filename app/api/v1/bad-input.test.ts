import { beforeAll, describe, expect, it, vi } from "vitest";
import { callRoute, expectProblemForPeople } from "@/test/api-calls";
import { badInputWorld, type BadInputWorld } from "@/test/bad-input-world";
import type { TestOrg } from "@/test/factories";

/*
 * Bad export requests through the real routes and the real server action, against the real database and
 * warehouse: every one is a 422 that names its field in words, never a 500, whichever door it came in by.
 * Only the cookie session and Next's request headers are stood in for. (A foreign tenant against a
 * made-up one: bad-input-tenants.test.ts.)
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

const { world, valid, filter, everyDoor } = badInputWorld(session);
let org: TestOrg;
let token: string;
let routes: BadInputWorld["routes"];
beforeAll(() => {
  ({ org, token, routes } = world());
});

describe("filters and values the warehouse cannot take are 422 with the field named, at every door", () => {
  const cases: [string, () => Record<string, unknown>, string, RegExp][] = [
    ["a word for an integer", () => filter({ field: "nodes", op: "eq", value: "abc" }), "filters", /^Filter 1 \(nodes\): enter a whole number\.$/],
    [
      "an integer out of range",
      () => filter({ field: "nodes", op: "eq", value: "99999999999999999999" }),
      "filters",
      /^Filter 1 \(nodes\): enter a whole number from -2,147,483,648 to 2,147,483,647\.$/,
    ],
    ["a NUL in a text value", () => filter({ field: "job_name", op: "eq", value: "a\u0000b" }), "filters", /^Filter 1 \(job_name\): remove the NUL character/],
    [
      "a NUL in a list value",
      () => filter({ field: "queue", op: "in", values: ["ok", "b\u0000"] }),
      "filters",
      /^Filter 1 \(queue\): remove the NUL character .* as value 2\.$/,
    ],
    [
      "a broken surrogate in text",
      () => filter({ field: "job_name", op: "eq", value: "x\ud800" }),
      "filters",
      /^Filter 1 \(job_name\): remove the broken character/,
    ],
    ["a range with no bounds", () => filter({ field: "nodes", op: "range" }), "filters", /^Filter 1 \(nodes\): give a minimum, a maximum or both\.$/],
    [
      'a timestamp minimum of "yesterday"',
      () => filter({ field: "submitted_at", op: "range", min: "yesterday" }),
      "filters",
      /^Filter 1 \(submitted_at\): enter a date or time such as 2025-01-31 .* as the minimum\.$/,
    ],
    [
      "a filter on a JSON field",
      () => filter({ field: "properties", op: "eq", value: "x" }, { realm: "events" }),
      "filters",
      /^Filter 1 \(properties\): this field holds JSON and cannot be filtered/,
    ],
    [
      "a timestamp on February 30",
      () => filter({ field: "submitted_at", op: "eq", value: "2025-02-30" }),
      "filters",
      /^Filter 1 \(submitted_at\): 2025-02-30 is not a day on the calendar\.$/,
    ],
    [
      "an offset of +20:00",
      () => filter({ field: "submitted_at", op: "range", max: "2025-01-01T00:00:00+20:00" }),
      "filters",
      /^Filter 1 \(submitted_at\): use a UTC offset from -15:59 to \+15:59/,
    ],
    [
      "a time of 25:00",
      () => filter({ field: "ended_at", op: "eq", value: "2025-01-01T25:00:00Z" }),
      "filters",
      /^Filter 1 \(ended_at\): enter a time from 00:00:00 to 23:59:59\.$/,
    ],
    [
      "a timestamp in year 1",
      () => filter({ field: "submitted_at", op: "range", min: "0001-01-01T00:00:00Z" }),
      "filters",
      /^Filter 1 \(submitted_at\): choose a year from 1900 to 9999 as the minimum\.$/,
    ],
    [
      "a timestamp in year 0",
      () => filter({ field: "submitted_at", op: "eq", value: "0000-06-01" }),
      "filters",
      /^Filter 1 \(submitted_at\): choose a year from 1900 to 9999\.$/,
    ],
    [
      "a timestamp with a 5-digit year",
      () => filter({ field: "submitted_at", op: "eq", value: "10000-01-01" }),
      "filters",
      /^Filter 1 \(submitted_at\): enter a date or time/,
    ],
    [
      "a second filter that is wrong",
      () =>
        valid({
          filters: [
            { field: "queue", op: "eq", value: "batch" },
            { field: "cores", op: "in", values: [1, 2.5] },
          ],
        }),
      "filters",
      /^Filter 2 \(cores\): enter a whole number as value 2\.$/,
    ],
    [
      "a start date of February 30",
      () => valid({ from: "2025-02-30", to: "2025-03-01" }),
      "from",
      /^The start date 2025-02-30 is not a day on the calendar; choose a real one\.$/,
    ],
    ["a start date in year 1", () => valid({ from: "0001-01-01" }), "from", /^Choose a start date from 1900 on\.$/],
    ["a start date in year 0", () => valid({ from: "0000-01-01" }), "from", /^Choose a start date from 1900 on\.$/],
    ["a start date with a 5-digit year", () => valid({ from: "10000-01-01" }), "from", /^Enter the start date as YYYY-MM-DD, e\.g\. 2025-01-31\.$/],
    [
      "the timezone US/Pacific-New",
      () => valid({ timezone: "US/Pacific-New" }),
      "timezone",
      /^"US\/Pacific-New" is not a timezone the portal knows; choose one such as Europe\/Amsterdam\.$/,
    ],
    ["a NUL in the timezone", () => valid({ timezone: "UTC\u0000" }), "timezone", /^"UTC\?" is not a timezone the portal knows/],
    ["a NUL in a field name", () => valid({ fields: ["job_id", "queue\u0000"] }), "fields", /^The Compute jobs realm has no field "queue\?"/],
    [
      "a NUL in a filter's field",
      () => filter({ field: "nodes\u0000", op: "eq", value: 1 }),
      "filters",
      /^Filter 1: "nodes\?" is not a field of the Compute jobs realm\.$/,
    ],
    ["a NUL in the realm", () => valid({ realm: "jobs\u0000" }), "realm", /^Choose a realm from the list: jobs, events, lab-results\.$/],
  ];

  it.each(cases)("%s", async (_what, body, key, message) => {
    for (const answer of await everyDoor(body())) {
      expect(answer, answer.door).toMatchObject({ status: 422, code: "invalid" });
      expect(answer.errors?.[key], answer.door).toMatch(message);
      expect(answer.detail, answer.door).toBe(answer.errors?.[key]);
    }
  });

  it("still answers a good request, so the refusals above are about the values alone", async () => {
    const answer = await callRoute(routes.estimate, {
      path: "/api/v1/exports/estimate",
      body: filter({ field: "submitted_at", op: "range", min: "2024-03-02T00:00:00+14:00", max: "2024-03-20 12:00" }),
      token,
    });
    expect(answer.status, answer.text).toBe(200);
    expect(JSON.parse(answer.text)).toMatchObject({ exact: true });
  });
});

describe("parts that cannot be made are 422 in words, at every door, and nothing is created", () => {
  const ROWS = "Rows per part must be a whole number of rows from 1,000 to 100,000,000.";
  const MEGABYTES = "Megabytes per part must be a whole number of megabytes from 1 to 10,000.";
  const cases: [string, Record<string, unknown>, string, string][] = [
    ["rows as text", { parts: { maxRows: "5000" } }, "parts.maxRows", ROWS],
    ["a fraction of a row", { parts: { maxRows: 1500.5 } }, "parts.maxRows", ROWS],
    ["too few rows", { parts: { maxRows: 999 } }, "parts.maxRows", ROWS],
    ["too many rows", { parts: { maxRows: 100_000_001 } }, "parts.maxRows", ROWS],
    ["negative rows", { parts: { maxRows: -1000 } }, "parts.maxRows", ROWS],
    ["zero megabytes", { parts: { maxMegabytes: 0 } }, "parts.maxMegabytes", MEGABYTES],
    ["half a megabyte", { parts: { maxMegabytes: 0.5 } }, "parts.maxMegabytes", MEGABYTES],
    ["too many megabytes", { parts: { maxRows: 5000, maxMegabytes: 10_001 } }, "parts.maxMegabytes", MEGABYTES],
    [
      "no limit at all",
      { parts: {} },
      "parts",
      'Say how large a part may be: maxRows, maxMegabytes or both, e.g. {"maxRows": 1000000}. Leave parts out for one file.',
    ],
    [
      "a misspelt limit",
      { parts: { max_rows: 5000 } },
      "parts",
      'The parts setting takes maxRows and maxMegabytes only, e.g. {"maxRows": 1000000}. Remove the other fields.',
    ],
    ["parts that are a number", { parts: 5000 }, "parts", 'Give the parts as an object, e.g. {"maxRows": 1000000} or {"maxMegabytes": 100}.'],
    [
      "parts of an XLSX export",
      { format: "xlsx", parts: { maxRows: 5000 } },
      "parts",
      "XLSX exports are split into worksheets of at most 1,048,576 rows, not into parts. Choose another format, or remove the parts.",
    ],
  ];

  it.each(cases)("%s", async (_what, change, key, message) => {
    for (const answer of await everyDoor(valid(change))) {
      expect(answer, answer.door).toMatchObject({ status: 422, code: "invalid" });
      expect(answer.errors, answer.door).toEqual({ [key]: message });
      expect(answer.detail, answer.door).toBe(message);
    }
  });
});

describe("messages are written for people, keyed by request field", () => {
  const cases: [string, () => Record<string, unknown>, string, string][] = [
    // The organization keeps its longest range (366 days), so an open start cannot be measured and is refused.
    ["a missing start date", () => valid({ from: undefined }), "from", "Your organization allows at most 366 days in one export; choose a start date."],
    ["a null start date", () => valid({ from: null }), "from", "Your organization allows at most 366 days in one export; choose a start date."],
    ["an empty start date", () => valid({ from: "" }), "from", "Enter the start date as YYYY-MM-DD, e.g. 2025-01-31."],
    ["an end date that is a number", () => valid({ to: 20240301 }), "to", "Enter the end date as YYYY-MM-DD, e.g. 2025-01-31."],
    ["a start date that is a number", () => valid({ from: 20240301 }), "from", "Enter the start date as YYYY-MM-DD, e.g. 2025-01-31."],
    ["a missing tenant", () => valid({ tenantId: undefined }), "tenantId", "Select a tenant."],
    ["a scope that is not one", () => valid({ scope: "everything" }), "scope", "Choose a scope: tenant, project, apps, organization, cohort or participant."],
    [
      "a misspelt field",
      () => valid({ timeZone: "Europe/Amsterdam" }),
      "request",
      'The export request has a field the portal does not know: "timeZone". Remove it or check the spelling.',
    ],
    ["an app id that is not an id", () => valid({ scope: { type: "apps", appIds: ["x"] } }), "scope.appIds", "App 1: choose apps from the list."],
    ["a realm name 5,000 characters long", () => valid({ realm: "j".repeat(5000) }), "realm", "Choose a realm from the list."],
    [
      "a filter value 2,000 characters long",
      () => filter({ field: "queue", op: "eq", value: "q".repeat(2000) }),
      "filters",
      "Filter 1 (queue): keep each value under 1,000 characters.",
    ],
    [
      "a filter value that is an object",
      () => filter({ field: "queue", op: "eq", value: { $gt: "" } }),
      "filters",
      "Filter 1 (queue): enter a value: text or a number.",
    ],
    ["a filter without an operator", () => filter({ field: "queue", value: "x" }), "filters", "Filter 1 (queue): choose an operator: eq, in or range."],
    ["options that are not true or false", () => valid({ options: { csvBom: "yes" } }), "options.csvBom", "The byte order mark option must be true or false."],
  ];

  it.each(cases)("%s", async (_what, body, key, message) => {
    for (const answer of await everyDoor(body())) {
      expect(answer, answer.door).toMatchObject({ status: 422, code: "invalid" });
      expect(answer.errors?.[key], answer.door).toBe(message);
      expect(answer.detail, answer.door).toBe(message);
    }
  });

  it("refuses an open end past the longest range in the form's words, with what to change", async () => {
    for (const answer of await everyDoor(valid({ from: "2024-01-01", to: undefined }))) {
      expect(answer, answer.door).toMatchObject({ status: 422, code: "invalid" });
      expect(answer.errors?.to, answer.door).toMatch(
        /^Your organization allows at most 366 days in one export; from 2024-01-01 to today is [\d,]+ days\. Choose an end date, or a later start date\.$/,
      );
    }
  });

  it("sums up several refused fields in the detail without a path in front", async () => {
    const [answer] = await everyDoor(valid({ from: 20240301, to: "someday", format: "pdf" }));
    expect(answer?.errors).toEqual({
      from: "Enter the start date as YYYY-MM-DD, e.g. 2025-01-31.",
      to: "Enter the end date as YYYY-MM-DD, e.g. 2025-01-31.",
      format: "Choose a format: CSV, JSON, NDJSON, Parquet, XLSX or CSV + NDJSON.",
    });
    expect(answer?.detail).toBe("Enter the start date as YYYY-MM-DD, e.g. 2025-01-31. (2 more fields need a change.)");
  });

  it("words the list's query parameters too", async () => {
    const list = async (query: string) => expectProblemForPeople(await callRoute(routes.list, { path: `/api/v1/exports?${query}`, token }), query);
    expect(await list("")).toMatchObject({ status: 422, errors: { tenantId: "Name the tenant whose exports to list, e.g. ?tenantId=…" } });
    expect(await list(`tenantId=${org.tenantIds[0]}&limit=1000`)).toMatchObject({
      errors: { limit: "The page size (limit) must be a whole number from 1 to 100." },
    });
    expect(await list(`tenantId=${org.tenantIds[0]}&onlyMine=maybe`)).toMatchObject({ errors: { onlyMine: "The onlyMine parameter must be true or false." } });
    const t = `tenantId=${org.tenantIds[0]}`;
    expect(await list(`${t}&status=done,finished`)).toMatchObject({
      status: 422,
      errors: { status: "The status must be one or more of pending, running, done, failed, cancelled and expired, separated by commas." },
    });
    expect(await list(`${t}&realm=weather`)).toMatchObject({
      errors: { realm: "The realm is not one the portal knows: use a realm id such as jobs or events (GET /api/v1/realms lists them)." },
    });
    expect(await list(`${t}&requester=ana`)).toMatchObject({
      errors: { requester: "The requester must be an email address, e.g. ?requester=ana@example.org." },
    });
    expect(await list(`${t}&sort=largest`)).toMatchObject({ errors: { sort: "The sort must be newest or oldest." } });
    expect(await list(`${t}&q=${"x".repeat(101)}`)).toMatchObject({ errors: { q: "Search for at most 100 characters of an export's name." } });
  });

  it("answers a body that is not JSON, or not an object, in words", async () => {
    for (const body of ["{not json", "[1,2]", "null", '"a string"']) {
      const problem = expectProblemForPeople(await callRoute(routes.estimate, { path: "/api/v1/exports/estimate", body, token }), body);
      expect(problem.status).toBe(422);
      expect(problem.detail).toMatch(/^(The body is not valid JSON|Send the export request as a JSON object)/);
    }
  });
});

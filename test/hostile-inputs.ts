/*
 * Malformed and hostile values for the fuzz test: wrong types, huge numbers, NUL bytes, odd Unicode,
 * impossible dates, unknown keys, nested garbage. Each list holds only values that are wrong where they
 * are used, so every request built from them must be refused.
 */

/** A small seeded generator, so a failing run can be replayed with the seed it printed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(random: () => number, list: readonly T[], n: number): T[] {
  const copy = [...list];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy.slice(0, n);
}

const nested = (depth: number): unknown => (depth === 0 ? "bottom" : { a: nested(depth - 1) });

/** Strings that are no id, date, realm, format or timezone. */
export const BAD_STRINGS: readonly string[] = [
  "",
  " ",
  "\u0000",
  "a\u0000b",
  "x".repeat(5000),
  "😀",
  "\u202eevil",
  "𝕏𝕐",
  "\ud800",
  "\udfff",
  "Ω≈ç√∫",
  "' or 1=1 --",
  '"; drop table exports; --',
  "${7*7}",
  "{{7*7}}",
  "<script>alert(1)</script>",
  "../../etc/passwd",
  "%00",
  "\\u0000",
  "null",
  "undefined",
  "NaN",
  "Infinity",
  "1e309",
  "__proto__",
  "constructor",
  "yesterday",
  "\t\n\r",
  "\u2028",
  "İ",
  "0",
];

/** Values of the wrong kind anywhere a string, list or object is wanted. */
export const BAD_VALUES: readonly unknown[] = [
  null,
  true,
  false,
  0,
  -1,
  1.5,
  1e308,
  -1e308,
  5e-324,
  Number.MAX_SAFE_INTEGER + 2,
  [],
  [[[]]],
  { $gt: "" },
  JSON.parse('{"__proto__": {"admin": true}}'),
  nested(60),
  Array.from({ length: 3000 }, (_, i) => i),
];

export const BAD_DATES: readonly string[] = [
  "2025-02-30",
  "2025-02-29",
  "0000-01-01",
  "0001-01-01",
  "1899-12-31",
  "10000-01-01",
  "+020250-01-01",
  "2025-13-01",
  "2025-00-10",
  "2025-1-1",
  "2025/01/01",
  "01-02-2025",
  "2025-01-01T00:00:00Z",
  "2999-01-01",
  "٢٠٢٥-٠١-٠١",
  "2025-01-01\u0000",
];

export const BAD_TIMEZONES: readonly string[] = [
  "US/Pacific-New",
  "Mars/Olympus_Mons",
  "UTC'; select 1; --",
  "UTC\u0000",
  "Europe/Amsterdam ",
  "GMT+25",
  "../../etc/localtime",
  "local",
  "+99:00",
];

/** Filters that are wrong in themselves: their shape, operator, field, or a value the field's type cannot take. */
export const BAD_FILTERS: readonly { realm?: string; filter: unknown }[] = [
  ...["abc", "99999999999999999999", "-2147483649", "1.5", "1e3", "0x10", "", "\u0000", "١٢", " 1 2 "].map((value) => ({
    filter: { field: "nodes", op: "eq", value },
  })),
  ...[1.5, 2 ** 31, -(2 ** 31) - 1, 1e21].map((value) => ({ filter: { field: "cores", op: "eq", value } })),
  ...["9223372036854775808", "-9223372036854775809", "1e20"].map((value) => ({ filter: { field: "id", op: "eq", value } })),
  ...["abc", "1e309", "Infinity", "-Infinity", "NaN", "", " "].map((value) => ({ filter: { field: "cpu_hours", op: "eq", value } })),
  ...[
    "yesterday",
    "2025-02-30",
    "2025-02-30T00:00:00Z",
    "0000-01-01",
    "0001-01-01T00:00:00Z",
    "10000-01-01",
    "2025-01-01T24:00:00Z",
    "2025-01-01T23:60:00Z",
    "2025-01-01T23:59:60Z",
    "2025-01-01T00:00:00+20:00",
    "2025-01-01T00:00:00-16:00",
    "2025-01-01T00:00:00+05:99",
    "2025-01-01Z",
    "2025-01-01T00:00:00\u0000",
    "1735689600",
    "now",
  ].map((value) => ({ filter: { field: "submitted_at", op: "range", min: value } })),
  ...["not-a-uuid", "00000000-0000-0000-0000-00000000000g", "\u0000"].map((value) => ({ filter: { field: "app_id", op: "eq", value } })),
  ...["a\u0000b", "\ud800", "x\udfff", "q".repeat(1001)].map((value) => ({ filter: { field: "job_name", op: "eq", value } })),
  ...[null, true, [], {}, { $ne: 1 }].map((value) => ({ filter: { field: "queue", op: "eq", value } })),
  { filter: { field: "queue", op: "in", values: [] } },
  { filter: { field: "queue", op: "in", values: "batch" } },
  { filter: { field: "queue", op: "in", values: Array.from({ length: 1001 }, (_, i) => `q${i}`) } },
  { filter: { field: "nodes", op: "in", values: [1, "two", 3] } },
  { filter: { field: "nodes", op: "range" } },
  { filter: { field: "nodes", op: "range", min: null, max: null } },
  { filter: { field: "nodes", op: "like", value: 1 } },
  { filter: { field: "nodes", op: "EQ", value: 1 } },
  { filter: { field: "nodes", value: 1 } },
  { filter: { op: "eq", value: 1 } },
  { filter: { field: "", op: "eq", value: 1 } },
  { filter: { field: "salary", op: "eq", value: 1 } },
  { filter: { field: "__proto__", op: "eq", value: 1 } },
  { filter: { field: "nodes; drop table x", op: "eq", value: 1 } },
  { filter: { field: "nodes", op: "eq", value: 1, extra: true } },
  { filter: null },
  { filter: "nodes=1" },
  { filter: [] },
  { realm: "events", filter: { field: "properties", op: "eq", value: "x" } },
  { realm: "events", filter: { field: "properties", op: "range", min: "a" } },
  { realm: "events", filter: { field: "event_time", op: "eq", value: "2025-02-30T10:00:00Z" } },
];

/** Bodies that are not a JSON export request at all. */
export const BAD_RAW_BODIES: readonly (string | Uint8Array)[] = [
  "",
  "{",
  "}",
  "nul",
  "\u0000",
  '{"tenantId":',
  "[]",
  "[{}]",
  "1",
  "-1",
  '"x"',
  "null",
  "true",
  "1e999",
  "\ufeff{",
  '{"realm":"jobs","realm":"payroll"}',
  "[".repeat(5000) + "]".repeat(5000),
  new Uint8Array([0xff, 0xfe, 0x00, 0x7b]),
  new Uint8Array([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x3a, 0x31, 0x7d]),
];

/** Values that name no export in an id-addressed route. */
export const BAD_IDS: readonly string[] = [
  "",
  "x",
  "null",
  "undefined",
  "..",
  "%00",
  "\u0000",
  "x".repeat(5000),
  "1' or '1'='1",
  "😀",
  "00000000-0000-0000-0000-000000000000",
  "6f1e6a84-0d5b-4e0b-9b9b-zzzzzzzzzzzz",
];

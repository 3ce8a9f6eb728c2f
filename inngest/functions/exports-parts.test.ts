import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createExport } from "@/lib/export-requests/service";
import type { RunDeps } from "@/lib/export-runs/deps";
import { createLocalStorage } from "@/lib/exports";
import { startExportEngine, type ExportEngine } from "@/test/export-engine";
import { orgWithData, requestFor, sha256File, uniqueDir, waitForStatus } from "@/test/export-flow";
import { unzip } from "@/test/exports/support";
import type { TestOrg } from "@/test/factories";
import { testDb } from "@/test/factories";

/*
 * Parts on request, end to end: the API's request shape, the real engine running the export, the real
 * warehouse, and the archive read back with an independent zip reader (and DuckDB for Parquet).
 */
const { db, sql } = testDb();
const dataDir = uniqueDir("parts");
const tmpDir = path.join(dataDir, "tmp");
const storeDir = path.join(dataDir, "exports");
const storage = createLocalStorage(storeDir);
const runDeps = (): RunDeps => ({ db, warehouse: sql, storage, tmpDir, pollMs: 200 });
const actor = (userId: string) => ({ userId, context: { ip: "127.0.0.1", userAgent: "vitest" } });
let running: ExportEngine | undefined;
let org: TestOrg;
let analyst: { id: string };
/** The warehouse's own answer: the ids of the request's rows, in the archive's order. */
let expectedIds: string[];

const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");
const FIELDS = ["id", "job_id", "user_name", "job_name", "queue", "submitted_at", "started_at", "ended_at", "nodes", "cores"];

beforeAll(async () => {
  running = await startExportEngine("parts", { retryBaseDelayMs: 200 }, storage, (m) => [...m.createExportFunctions(runDeps, { perOrganization: 2 })]);
  ({ org, analyst } = await orgWithData(25_000));
  const rows = await sql<{ id: string }[]>`select id::text as id from warehouse.jobs where tenant_id = ${org.tenantIds[0]}
    and submitted_at >= '2024-01-01T00:00:00+01:00' and submitted_at < '2025-01-01T00:00:00+01:00' order by submitted_at, id`;
  expectedIds = rows.map((r) => r.id);
  expect(expectedIds.length).toBeGreaterThan(8_000);
}, 120_000);

afterAll(async () => {
  await running?.stop();
});

/** Requests the export through the service (as POST /api/v1/exports does), lets the engine run it, and opens the archive. */
async function exported(change: Record<string, unknown>) {
  const service = running?.service;
  if (!service) throw new Error("the engine did not start");
  const created = await createExport(service, actor(analyst.id), org.organizationId, requestFor(org, { fields: FIELDS, ...change }));
  const done = await waitForStatus(created.id, ["done", "failed"], 120_000);
  expect(done.error).toBeNull();
  expect(done.status).toBe("done");
  const entries = await unzip(path.join(storeDir, done.storageKey ?? "missing"));
  const readme = entries.get("README.txt")?.toString("utf8") ?? "";
  const data = [...entries].filter(([name]) => name !== "README.txt" && name !== "manifest.json");
  // Every data file is listed in the README with its rows and checksum.
  for (const [name, bytes] of data)
    expect(readme).toMatch(new RegExp(`  ${name.replace(/\./g, "\\.")}: \\d+ rows, ${bytes.length} bytes, sha256 ${sha256(bytes)}`));
  return { done, data, readme };
}

const rowsOf = (readme: string, name: string) => Number(new RegExp(`  ${name.replace(/\./g, "\\.")}: (\\d+) rows`).exec(readme)?.[1]);
const csvIds = (file: Buffer) =>
  file
    .toString("utf8")
    .split("\n")
    .slice(1)
    .filter((line) => /^\d+,/.test(line))
    .map((line) => line.slice(0, line.indexOf(",")));
const ndjsonIds = (file: Buffer) =>
  file
    .toString("utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => String((JSON.parse(line) as { id: number }).id));

describe("parts of at most N rows", () => {
  const N = 1_000;

  it.each([
    ["csv", csvIds],
    ["ndjson", ndjsonIds],
  ] as const)("%s: ceil(rows / N) numbered files of at most N rows, whose rows in order are the warehouse's", async (format, idsOf) => {
    const { done, data, readme } = await exported({ format, parts: { maxRows: N } });
    expect(done.parts).toEqual({ maxRows: N });
    expect(data.map(([name]) => name)).toEqual(
      Array.from({ length: Math.ceil(expectedIds.length / N) }, (_, i) =>
        expect.stringMatching(new RegExp(`-part-${String(i + 1).padStart(4, "0")}\\.${format}$`)),
      ),
    );
    const perFile = data.map(([, bytes]) => idsOf(bytes));
    for (const [i, ids] of perFile.entries()) {
      expect(ids.length).toBeLessThanOrEqual(N);
      expect(rowsOf(readme, data[i]?.[0] ?? "")).toBe(ids.length);
    }
    expect(perFile.flat()).toEqual(expectedIds);
  });

  it("parquet: the same, each part a Parquet file of its own", async () => {
    const { data, readme } = await exported({ format: "parquet", parts: { maxRows: 2_000 } });
    expect(data).toHaveLength(Math.ceil(expectedIds.length / 2_000));
    const duck = await DuckDBInstance.create(":memory:");
    const connection = await duck.connect();
    try {
      const all: string[] = [];
      for (const [name, bytes] of data) {
        const file = path.join(dataDir, name);
        await fs.promises.writeFile(file, bytes);
        const reader = await connection.runAndReadAll(`select id::varchar as id from read_parquet('${file}')`);
        const ids = reader.getRowObjects().map((r) => String(r.id));
        expect(ids.length).toBeLessThanOrEqual(2_000);
        expect(rowsOf(readme, name)).toBe(ids.length);
        all.push(...ids);
      }
      expect(all).toEqual(expectedIds);
    } finally {
      connection.closeSync();
      duck.closeSync();
    }
  });
});

describe("parts of at most N MB", () => {
  it.each([
    ["csv", csvIds],
    ["ndjson", ndjsonIds],
  ] as const)("%s: every part is at most N × 1,000,000 bytes, and none of the rows is lost or repeated", async (format, idsOf) => {
    const { data } = await exported({ format, parts: { maxMegabytes: 1 } });
    expect(data.length).toBeGreaterThan(1);
    for (const [name, bytes] of data) expect(bytes.length, name).toBeLessThanOrEqual(1_000_000);
    // Parts are filled up to the limit, not cut early: all but the last are within one row of it.
    for (const [name, bytes] of data.slice(0, -1)) expect(bytes.length, name).toBeGreaterThan(990_000);
    expect(data.flatMap(([, bytes]) => idsOf(bytes))).toEqual(expectedIds);
  });

  it("parquet: parts end on the rows' size as CSV text, so each compressed Parquet file is within the limit", async () => {
    const { data, readme } = await exported({ format: "parquet", parts: { maxMegabytes: 1 } });
    expect(data.length).toBeGreaterThan(1);
    for (const [name, bytes] of data) expect(bytes.length, name).toBeLessThanOrEqual(1_000_000);
    expect(data.reduce((n, [name]) => n + rowsOf(readme, name), 0)).toBe(expectedIds.length);
  });

  it.each([
    ["rows", { maxRows: 1_000, maxMegabytes: 1 }],
    ["megabytes", { maxRows: 50_000, maxMegabytes: 1 }],
  ] as const)("both limits, %s crossed first: a part ends before whichever would be crossed first", async (first, parts) => {
    const { data } = await exported({ format: "ndjson", parts });
    const ids = data.map(([, bytes]) => ndjsonIds(bytes));
    for (const [i, [name, bytes]] of data.entries()) {
      expect(bytes.length, name).toBeLessThanOrEqual(1_000_000);
      expect(ids[i]?.length, name).toBeLessThanOrEqual(parts.maxRows);
    }
    if (first === "rows") expect(data).toHaveLength(Math.ceil(expectedIds.length / 1_000));
    else expect(data.length).toBeGreaterThan(1);
    expect(ids.flat()).toEqual(expectedIds);
  });
});

it("without parts, one file per format, as before", async () => {
  const { done, data } = await exported({ format: "csv" });
  expect(done.parts).toBeNull();
  expect(data.map(([name]) => name)).toEqual([expect.stringMatching(/^[\w.-]+\.csv$/)]);
  expect(data[0]?.[0]).not.toContain("-part-");
  expect(csvIds(data[0]?.[1] ?? Buffer.alloc(0))).toEqual(expectedIds);
});

it("sha256 of the stored archive is the one recorded", async () => {
  const { done } = await exported({ format: "json", parts: { maxRows: 3_000 } });
  expect(sha256File(path.join(storeDir, done.storageKey ?? "missing"))).toBe(done.sha256);
});

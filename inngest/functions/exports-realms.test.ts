import { createHash } from "node:crypto";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitFor } from "@portal/inngest-engine/testing";
import { createExport } from "@/lib/export-requests/service";
import { toExportView } from "@/lib/export-requests/view";
import { resolveAccess } from "@/lib/permissions/guard";
import { startExportEngine, type ExportEngine } from "@/test/export-engine";
import { emailsFor, exportDataDir, orgWithData, requestFor, waitForStatus } from "@/test/export-flow";
import { unzip } from "@/test/exports/support";
import { testDb, type TestOrg } from "@/test/factories";

/*
 * Two realms in one export, end to end: the service, the real engine, the real warehouse. The archive holds
 * each realm's file(s), and each realm's rows are what SQL says, in order.
 */
const { db, sql } = testDb();
const { storeDir, storage, runDeps } = exportDataDir("realms");
const actor = (userId: string) => ({ userId, context: { ip: "127.0.0.1", userAgent: "vitest" } });
let running: ExportEngine | undefined;
let org: TestOrg;
let analyst: { id: string; email: string };
/** The warehouse's own answer per realm: the first field of each row, in the archive's order. */
let expected: { jobs: string[]; events: string[] };

const PARTITION_ROWS = 1_000;
const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");
const REALMS = [
  { realm: "jobs", fields: ["job_id", "nodes", "submitted_at"], filters: [{ field: "nodes", op: "range", min: 2 }] },
  { realm: "events", fields: ["id", "event_type", "event_time"] },
];

beforeAll(async () => {
  running = await startExportEngine("realms", { retryBaseDelayMs: 200 }, storage, (m) => [
    // Small partitions, so each realm is produced as several partitions and assembled into one set of parts.
    ...m.createExportFunctions(runDeps, { perOrganization: 2, partitionRows: PARTITION_ROWS }),
    m.createSendExportEmail(() => ({ db, appUrl: "https://portal.example" })),
  ]);
  ({ org, analyst } = await orgWithData(6_000));
  const tenant = org.tenantIds[0];
  const jobs = await sql<{ v: string }[]>`select job_id as v from warehouse.jobs where tenant_id = ${tenant} and nodes >= 2
    and submitted_at >= '2024-01-01T00:00:00+01:00' and submitted_at < '2025-01-01T00:00:00+01:00' order by submitted_at, id`;
  const events = await sql<{ v: string }[]>`select id::text as v from warehouse.events where tenant_id = ${tenant}
    and event_time >= '2024-01-01T00:00:00+01:00' and event_time < '2025-01-01T00:00:00+01:00' order by event_time, id`;
  expected = { jobs: jobs.map((r) => r.v), events: events.map((r) => r.v) };
  // Enough that each realm splits into parts of the smallest size a request may ask for (1,000 rows).
  expect(expected.jobs.length).toBeGreaterThan(1_000);
  expect(expected.events.length).toBeGreaterThan(1_000);
}, 120_000);

afterAll(async () => {
  await running?.stop();
});

/** Requests the export as POST /api/v1/exports does, lets the engine run it, and opens the archive. */
async function exported(change: Record<string, unknown>) {
  const service = running?.service;
  if (!service) throw new Error("the engine did not start");
  const created = await createExport(service, actor(analyst.id), org.organizationId, requestFor(org, { realm: undefined, realms: REALMS, ...change }));
  const done = await waitForStatus(created.id, ["done", "failed"], 120_000);
  expect(done.error).toBeNull();
  expect(done.status).toBe("done");
  const entries = await unzip(path.join(storeDir, done.storageKey ?? "missing"));
  return { done, entries, readme: entries.get("README.txt")?.toString("utf8") ?? "" };
}

/** The first column of each CSV record (the files' own values; none of the chosen fields holds a comma). */
const firstColumn = (csv: Buffer | undefined) =>
  (csv?.toString("utf8") ?? "")
    .trim()
    .split(/\r?\n/)
    .slice(1)
    .map((line) => line.split(",")[0] ?? "");

describe("two realms in one export", () => {
  it("holds a set of files per realm whose rows match SQL per realm, listed with rows and sha256, and totals them", async () => {
    const { done, entries, readme } = await exported({});
    // Each realm's partitions become its numbered parts, named by the realm, in order.
    const partsOf = (realm: string) => [...entries.keys()].filter((n) => n.startsWith(`${realm}-part-`) && n.endsWith(".csv")).sort();
    const jobsFiles = partsOf("jobs");
    const eventsFiles = partsOf("events");
    expect(jobsFiles.length).toBeGreaterThan(1);
    expect(eventsFiles.length).toBeGreaterThan(1);
    expect([...entries.keys()].sort()).toEqual(["README.txt", ...eventsFiles, ...jobsFiles, "manifest.json"].sort());
    expect(jobsFiles.flatMap((n) => firstColumn(entries.get(n)))).toEqual(expected.jobs);
    expect(eventsFiles.flatMap((n) => firstColumn(entries.get(n)))).toEqual(expected.events);
    expect(
      entries
        .get(jobsFiles[0] ?? "")
        ?.toString("utf8")
        .split(/\r?\n/)[0],
    ).toBe("job_id,nodes,submitted_at");

    const total = expected.jobs.length + expected.events.length;
    expect(done.rowCount).toBe(total);
    expect(done.rowsByRealm).toEqual({ jobs: expected.jobs.length, events: expected.events.length });
    expect(done.fileName).toMatch(/^jobs-and-events_/);

    const manifest = JSON.parse(entries.get("manifest.json")?.toString("utf8") ?? "{}") as {
      realms: { realm: string; rows: number; files: string[] }[];
      files: { name: string; rows: number; sha256: string }[];
      totals: { rows: number };
    };
    expect(manifest.realms.map(({ realm, rows, files }) => ({ realm, rows, files }))).toEqual([
      { realm: "jobs", rows: expected.jobs.length, files: jobsFiles },
      { realm: "events", rows: expected.events.length, files: eventsFiles },
    ]);
    expect(manifest.totals.rows).toBe(total);
    for (const f of manifest.files) {
      const bytes = entries.get(f.name);
      if (!bytes) throw new Error(`${f.name} is listed but not in the archive`);
      expect(f.sha256).toBe(sha256(bytes));
      expect(readme).toContain(`${f.name}: ${f.rows} rows, ${bytes.length} bytes, sha256 ${f.sha256}`);
    }
    expect(readme).toContain(`Rows:         ${total} in all`);
    expect(readme).toContain(`  jobs: ${expected.jobs.length} rows\n  events: ${expected.events.length} rows`);
    expect(readme).toMatch(/^    nodes >= "?2"?$/m);

    // The details show rows per realm; the table's label and the email name both realms and the total.
    const access = await resolveAccess(db, { userId: analyst.id, organizationId: org.organizationId, tenantId: org.tenantIds[0] });
    if (!access) throw new Error("the analyst has no access");
    const view = toExportView(done, access);
    expect(view.realmLabel).toBe("Compute jobs + Analytics events");
    expect(view.rowsByRealm).toEqual([
      { realm: "jobs", realmLabel: "Compute jobs", rows: expected.jobs.length },
      { realm: "events", realmLabel: "Analytics events", rows: expected.events.length },
    ]);
    const mail = await waitFor("the ready email", async () => (await emailsFor(done.id)).find((m) => m.dedupeKey === `export-${done.id}-ready`));
    expect(mail.subject).toBe("Your Compute jobs + Analytics events export is ready");
    const each = `Compute jobs ${expected.jobs.length.toLocaleString("en")}, Analytics events ${expected.events.length.toLocaleString("en")}`;
    expect(mail.text).toContain(`${total.toLocaleString("en")} in all (${each})`);
  });

  it("splits each realm into its own numbered parts when parts are asked for", async () => {
    const { done, entries } = await exported({ format: "ndjson", parts: { maxRows: 1_000 } });
    const names = [...entries.keys()].filter((n) => n.endsWith(".ndjson"));
    const jobsParts = names.filter((n) => n.startsWith("jobs-part-")).sort();
    const eventsParts = names.filter((n) => n.startsWith("events-part-")).sort();
    expect(jobsParts.length).toBe(Math.ceil(expected.jobs.length / 1_000));
    expect(eventsParts.length).toBe(Math.ceil(expected.events.length / 1_000));
    expect(jobsParts.length + eventsParts.length).toBe(names.length);
    const records = (parts: string[], key: string) =>
      parts.flatMap((n) =>
        (entries.get(n)?.toString("utf8") ?? "")
          .trim()
          .split("\n")
          .map((line) => String((JSON.parse(line) as Record<string, unknown>)[key])),
      );
    expect(records(jobsParts, "job_id")).toEqual(expected.jobs);
    expect(records(eventsParts, "id")).toEqual(expected.events);
    expect(done.rowsByRealm).toEqual({ jobs: expected.jobs.length, events: expected.events.length });
  });
});

import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createExport } from "@/lib/export-requests/service";
import { updateStudy } from "@/lib/studies/manage";
import { startExportEngine, type ExportEngine } from "@/test/export-engine";
import { exportDataDir, orgWithData, requestFor, waitForStatus } from "@/test/export-flow";
import { unzip } from "@/test/exports/support";
import { addMember, createUser, testDb, type TestOrg } from "@/test/factories";
import { createStudy, type TestStudy } from "@/test/studies";

/*
 * A study's own de-identification profile, set by an admin, is what its exports do: here only "drop free
 * text", so participant ids and dates stay as stored while the lab comment goes, and README.txt says so.
 */
const { db, sql } = testDb();
const { storeDir, storage, runDeps } = exportDataDir("studies_profile");
const actor = (userId: string) => ({ userId, context: { ip: "127.0.0.1", userAgent: "vitest" } });
let running: ExportEngine | undefined;
let org: TestOrg;
let admin: { id: string };
let study: TestStudy;

beforeAll(async () => {
  running = await startExportEngine("studies_profile", { retryBaseDelayMs: 200 }, storage, (m) =>
    m.createExportFunctions(runDeps, { perOrganization: 2, partitionRows: 400 }),
  );
  ({ org } = await orgWithData(2_000));
  await sql`update warehouse.lab_results set participant_id = 'P-' || lpad((id % 5)::text, 5, '0'), comment = 'note ' || id where tenant_id = ${org.tenantIds[0]}`;
  admin = await createUser(db, "admin");
  await addMember(db, org, admin.id, "admin");
  study = await createStudy(org, { members: 2, others: 1 });
}, 120_000);

afterAll(async () => {
  await running?.stop();
});

describe("a study's de-identification profile", () => {
  it("with only 'drop free text', an export keeps participant ids and dates, drops the comment, and README.txt says exactly that", async () => {
    const q = { organizationId: org.organizationId, tenantId: org.tenantIds[0], studyId: study.studyId };
    await updateStudy(db, actor(admin.id), q, { deidentification: { hashParticipantIds: false, shiftDates: false, dropFreeText: true } });
    const service = running?.service;
    if (!service) throw new Error("the engine did not start");
    // Not asked for: the study's profile applies anyway, even for an admin who may export identified data.
    const created = await createExport(
      service,
      actor(admin.id),
      org.organizationId,
      requestFor(org, {
        realm: "lab-results",
        fields: ["id", "participant_id", "collected_at", "comment"],
        scope: { type: "cohort", studyId: study.studyId, cohortId: study.cohortId },
        format: "ndjson",
      }),
    );
    const done = await waitForStatus(created.id, ["done", "failed"], 120_000);
    expect(done.error).toBeNull();
    const entries = await unzip(path.join(storeDir, done.storageKey ?? "missing"));
    const rows = [...entries.keys()]
      .filter((n) => n.startsWith("lab-results") && n.endsWith(".ndjson"))
      .flatMap((n) => (entries.get(n)?.toString("utf8") ?? "").split("\n").filter(Boolean))
      .map((line) => JSON.parse(line) as Record<string, string | null>);
    expect(rows.length).toBeGreaterThan(0);
    const codes = study.members.map((m) => m.code);
    expect(new Set(rows.map((r) => r.participant_id))).toEqual(new Set(codes));
    expect(rows.every((r) => r.comment === null)).toBe(true);
    // Dates as stored: each row's time is the warehouse's.
    const real = await sql<{ id: string; t: string }[]>`select id::text, to_json(collected_at)#>>'{}' as t from warehouse.lab_results
      where id = any(${rows.map((r) => String(r.id))}::bigint[])`;
    const byId = new Map(real.map((r) => [r.id, Date.parse(r.t)]));
    expect(rows.every((r) => Date.parse(String(r.collected_at)) === byId.get(String(r.id)))).toBe(true);
    const readme = entries.get("README.txt")?.toString("utf8") ?? "";
    expect(readme).toContain(
      [
        "De-identification:",
        "  participant_id and device_id are as stored.",
        "  Dates are as stored.",
        "  Free-text fields (the lab comment, event properties) are dropped: their columns are empty.",
      ].join("\n"),
    );
    for (const code of codes) expect(readme).toContain(code);
  });
});

import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as s from "@/db/schema";
import { checkDraft, createExport } from "@/lib/export-requests/service";
import { startExportEngine, type ExportEngine } from "@/test/export-engine";
import { exportDataDir, orgWithData, requestFor, waitForStatus } from "@/test/export-flow";
import { unzip } from "@/test/exports/support";
import { addMember, createUser, testDb, type TestOrg } from "@/test/factories";
import { createStudy, type TestStudy } from "@/test/studies";

/*
 * Study scopes end to end: the service resolves a cohort or a participant to its members, the real engine
 * runs the export over the real warehouse, and the archive holds exactly the members' rows.
 */
const { db, sql } = testDb();
const { storeDir, storage, runDeps } = exportDataDir("studies");
const actor = (userId: string) => ({ userId, context: { ip: "127.0.0.1", userAgent: "vitest" } });
let running: ExportEngine | undefined;
let org: TestOrg;
let researcher: { id: string };
let analyst: { id: string };
let study: TestStudy;

const REALMS = [
  { realm: "lab-results", fields: ["id", "participant_id", "collected_at", "reported_at", "comment"] },
  { realm: "events", fields: ["id", "device_id", "event_time"] },
];
type Row = Record<string, string | null>;

beforeAll(async () => {
  running = await startExportEngine("studies", { retryBaseDelayMs: 200 }, storage, (m) =>
    m.createExportFunctions(runDeps, { perOrganization: 2, partitionRows: 400 }),
  );
  // Few participants and devices, so each has many rows and a cohort is a real subset.
  ({ org, analyst } = await orgWithData(4_000));
  await sql`update warehouse.lab_results set participant_id = 'P-' || lpad((id % 7)::text, 5, '0') where tenant_id = ${org.tenantIds[0]}`;
  await sql`update warehouse.events set device_id = 'dev-' || (id % 12)::text where tenant_id = ${org.tenantIds[0]}`;
  researcher = await createUser(db, "researcher");
  await addMember(db, org, researcher.id, "tenant-admin", org.tenantIds[0]);
  // The analyst may export lab results, but (without studies.identified) study data de-identified only.
  await db
    .update(s.roles)
    .set({ realms: ["jobs", "events", "lab-results"] })
    .where(eq(s.roles.id, org.roleIds.analyst ?? ""));
  study = await createStudy(org, { members: 3, others: 2 });
}, 120_000);

afterAll(async () => {
  await running?.stop();
});

async function exported(userId: string, scope: Record<string, unknown>) {
  const service = running?.service;
  if (!service) throw new Error("the engine did not start");
  const created = await createExport(
    service,
    actor(userId),
    org.organizationId,
    requestFor(org, { realm: undefined, realms: REALMS, scope, format: "ndjson" }),
  );
  const done = await waitForStatus(created.id, ["done", "failed"], 120_000);
  expect(done.error).toBeNull();
  const entries = await unzip(path.join(storeDir, done.storageKey ?? "missing"));
  const rows = (realm: string): Row[] =>
    [...entries.keys()]
      .filter((n) => n.startsWith(realm) && n.endsWith(".ndjson"))
      .sort()
      .flatMap((n) => (entries.get(n)?.toString("utf8") ?? "").split("\n").filter(Boolean))
      .map((line) => JSON.parse(line) as Row);
  const manifest = JSON.parse(entries.get("manifest.json")?.toString("utf8") ?? "{}") as {
    scope: { members: { participantId: string; deviceIds: string[] }[] };
  };
  return { done, lab: rows("lab-results"), events: rows("events"), readme: entries.get("README.txt")?.toString("utf8") ?? "", manifest };
}

/** The warehouse's own answer: ids of the tenant's 2024 rows of these participants and devices, in export order. */
async function expectedIds(codes: string[], devices: string[]) {
  const tenant = org.tenantIds[0];
  const lab = await sql<{ id: string }[]>`select id::text from warehouse.lab_results where tenant_id = ${tenant} and participant_id = any(${codes})
    and collected_at >= '2024-01-01T00:00:00+01:00' and collected_at < '2025-01-01T00:00:00+01:00' order by collected_at, id`;
  const events = await sql<{ id: string }[]>`select id::text from warehouse.events where tenant_id = ${tenant} and device_id = any(${devices})
    and event_time >= '2024-01-01T00:00:00+01:00' and event_time < '2025-01-01T00:00:00+01:00' order by event_time, id`;
  return { lab: lab.map((r) => r.id), events: events.map((r) => r.id) };
}

describe("cohort and participant exports", () => {
  it("a cohort export holds exactly its members' lab results and their devices' events, in one archive, and names them", async () => {
    const { done, lab, events, readme, manifest } = await exported(researcher.id, { type: "cohort", studyId: study.studyId, cohortId: study.cohortId });
    const want = await expectedIds(
      study.members.map((m) => m.code),
      study.members.flatMap((m) => m.deviceIds),
    );
    // Not the whole tenant: the others' rows exist and stay out.
    const all = await expectedIds(
      [...study.members, ...study.others].map((m) => m.code),
      [...study.members, ...study.others].flatMap((m) => m.deviceIds),
    );
    expect(all.lab.length).toBeGreaterThan(want.lab.length);
    expect(all.events.length).toBeGreaterThan(want.events.length);
    expect(want.lab.length).toBeGreaterThan(0);
    expect(lab.map((r) => String(r.id))).toEqual(want.lab);
    expect(events.map((r) => String(r.id))).toEqual(want.events);
    expect(done.scopeLabel).toMatch(/^Study .+ · Cohort Baseline$/);
    expect(readme).toContain(`Scope:        ${done.scopeLabel}`);
    expect(readme).toContain("De-identification: none");
    expect(manifest.scope.members).toEqual(study.members.map((m) => ({ participantId: m.code, deviceIds: m.deviceIds })));
  });

  it("a member added later gets their full history in the next export", async () => {
    const [joiner] = study.others;
    if (!joiner) throw new Error("the study has no one outside the cohort");
    await db.insert(s.cohortMembers).values({ cohortId: study.cohortId, participantId: joiner.id });
    const { lab } = await exported(researcher.id, { type: "cohort", studyId: study.studyId, cohortId: study.cohortId });
    const theirs = await expectedIds([joiner.code], joiner.deviceIds);
    expect(lab.filter((r) => r.participant_id === joiner.code).map((r) => String(r.id))).toEqual(theirs.lab);
    await db.delete(s.cohortMembers).where(eq(s.cohortMembers.participantId, joiner.id));
  });

  it("a participant export holds only that participant's rows", async () => {
    const [one] = study.members;
    if (!one) throw new Error("no member");
    const { lab, events, done } = await exported(researcher.id, { type: "participant", studyId: study.studyId, participantId: one.id });
    const want = await expectedIds([one.code], one.deviceIds);
    expect(lab.map((r) => String(r.id))).toEqual(want.lab);
    expect(new Set(lab.map((r) => r.participant_id))).toEqual(new Set([one.code]));
    expect(events.map((r) => String(r.id))).toEqual(want.events);
    expect(done.scopeLabel).toMatch(new RegExp(`· Participant ${one.code}$`));
  });

  it("refuses realms without participant data, and another tenant's cohort reads as not found", async () => {
    const scope = { type: "cohort", studyId: study.studyId, cohortId: study.cohortId };
    await expect(checkDraft(db, actor(researcher.id), org.organizationId, requestFor(org, { realm: "jobs", scope }))).rejects.toMatchObject({
      status: 422,
      fieldErrors: { realm: "Compute jobs holds no participant data, so a study export cannot include it. Choose Lab results or Analytics events." },
    });
    const elsewhere = await createStudy(org, { tenant: 1, members: 0, others: 0 });
    const admin = await createUser(db, "org-admin");
    await addMember(db, org, admin.id, "admin");
    const foreign = { type: "cohort", studyId: elsewhere.studyId, cohortId: elsewhere.cohortId };
    await expect(checkDraft(db, actor(admin.id), org.organizationId, requestFor(org, { realm: "lab-results", scope: foreign }))).rejects.toMatchObject({
      status: 404,
      message: "Study not found",
    });
  });
});

describe("de-identified study exports", () => {
  const DAY = 86_400_000;
  /** Whole days each row moved: its exported time against the warehouse's, by record id. */
  async function shifts(rows: Row[], table: "lab_results" | "events", column: "collected_at" | "event_time") {
    const ids = rows.map((r) => String(r.id));
    const real = await sql.unsafe<{ id: string; t: string }[]>(
      `select id::text, to_json(${column})#>>'{}' as t from warehouse.${table} where id = any($1::bigint[])`,
      [ids],
    );
    const byId = new Map(real.map((r) => [r.id, Date.parse(r.t)]));
    return rows.map((r) => Math.round((Date.parse(String(r[column])) - (byId.get(String(r.id)) ?? NaN)) / DAY));
  }

  it("hashes ids stably within a study, shifts each participant's dates by one offset across realms, and drops free text", async () => {
    const cohort = { type: "cohort", studyId: study.studyId, cohortId: study.cohortId };
    const first = await exported(researcher.id, { ...cohort, deidentified: true });
    const codes = new Set(study.members.map((m) => m.code));
    expect(first.lab.length).toBeGreaterThan(0);
    expect(first.lab.every((r) => /^S-[0-9a-f]{16}$/.test(String(r.participant_id)) && !codes.has(String(r.participant_id)))).toBe(true);
    expect(first.events.every((r) => /^D-[0-9a-f]{16}$/.test(String(r.device_id)))).toBe(true);
    expect(first.lab.every((r) => r.comment === null)).toBe(true);
    // Partitioned on the shifted times, each row still comes once.
    expect(new Set(first.lab.map((r) => r.id)).size).toBe(first.lab.length);
    expect(new Set(first.events.map((r) => r.id)).size).toBe(first.events.length);
    // No real participant id or device id anywhere in the archive's text, the manifest included.
    const text = first.readme + JSON.stringify(first.manifest) + JSON.stringify(first.lab) + JSON.stringify(first.events);
    for (const m of study.members) for (const id of [m.code, ...m.deviceIds]) expect(text).not.toContain(id);
    expect(first.readme).toContain("keyed hash (HMAC-SHA-256 with this study's secret)");
    expect(first.readme).toContain("Free-text fields (the lab comment, event properties) are dropped");

    // One offset per participant, the same for its events (through its devices), never 0 and at most 364 days.
    const labShift = await shifts(first.lab, "lab_results", "collected_at");
    const perParticipant = new Map<string, Set<number>>();
    first.lab.forEach((r, i) =>
      perParticipant.set(String(r.participant_id), (perParticipant.get(String(r.participant_id)) ?? new Set()).add(labShift[i] ?? NaN)),
    );
    expect(perParticipant.size).toBe(study.members.length);
    for (const days of perParticipant.values()) {
      expect(days.size).toBe(1);
      const [d = 0] = [...days];
      expect(d !== 0 && Math.abs(d) <= 364).toBe(true);
    }
    const ownerOf = new Map(first.manifest.scope.members.flatMap((m) => m.deviceIds.map((d) => [d, m.participantId] as const)));
    const eventShift = await shifts(first.events, "events", "event_time");
    first.events.forEach((r, i) => expect(perParticipant.get(ownerOf.get(String(r.device_id)) ?? "")).toEqual(new Set([eventShift[i]])));

    // The analyst's role exports study data de-identified only: without asking, the same pseudonyms come out.
    const again = await exported(analyst.id, cohort);
    expect(new Set(again.lab.map((r) => r.participant_id))).toEqual(new Set(perParticipant.keys()));
    // The same participants in another study read differently.
    const other = await createStudy(org, { members: 3, others: 0 });
    const elsewhere = await exported(researcher.id, { type: "cohort", studyId: other.studyId, cohortId: other.cohortId, deidentified: true });
    // Other shifts, so other rows fall in the (shifted) date range; the pseudonyms are what must differ.
    expect(elsewhere.lab.length).toBeGreaterThan(0);
    for (const id of new Set(elsewhere.lab.map((r) => String(r.participant_id)))) expect(perParticipant.has(id)).toBe(false);
  });

  it("a role forced to de-identified data cannot ask for identified data (422)", async () => {
    const scope = { type: "cohort", studyId: study.studyId, cohortId: study.cohortId, deidentified: false };
    await expect(checkDraft(db, actor(analyst.id), org.organizationId, requestFor(org, { realm: "lab-results", scope }))).rejects.toMatchObject({
      status: 422,
      fieldErrors: { "scope.deidentified": "Your role may export study data de-identified only. Leave de-identification on, or ask an admin." },
    });
  });
});

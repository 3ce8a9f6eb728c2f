import { randomUUID } from "node:crypto";
import * as s from "../db/schema";
import type { DeidentificationSettings } from "../db/schema";
import { newStudySecret } from "../lib/studies/deidentify";
import { testDb, type TestOrg } from "./factories";

export interface TestStudy {
  studyId: string;
  cohortId: string;
  /** The cohort's members: their lab-results participant ids, and their devices. */
  members: { id: string; code: string; deviceIds: string[] }[];
  /** Participants of the study who are not in the cohort. */
  others: { id: string; code: string; deviceIds: string[] }[];
}

/**
 * A study in one of the organization's tenants, its participants taken from the warehouse rows there (the
 * lab-results participant ids in order, two event devices each), and one cohort of the first `members`.
 */
export async function createStudy(
  org: TestOrg,
  opts: { tenant?: number; members?: number; others?: number; name?: string; deidentification?: DeidentificationSettings | null } = {},
): Promise<TestStudy> {
  const { db, sql } = testDb();
  const tenantId = org.tenantIds[opts.tenant ?? 0];
  const want = (opts.members ?? 3) + (opts.others ?? 2);
  const codes = await sql<{ code: string }[]>`select distinct participant_id as code from warehouse.lab_results
    where tenant_id = ${tenantId} order by 1 limit ${want}`;
  const devices = await sql<{ device: string }[]>`select distinct device_id as device from warehouse.events
    where tenant_id = ${tenantId} order by 1 limit ${want * 2}`;
  const studyId = randomUUID();
  await db.insert(s.studies).values({
    id: studyId,
    organizationId: org.organizationId,
    tenantId,
    name: opts.name ?? `Study ${studyId.slice(0, 6)}`,
    secret: newStudySecret(),
    deidentification: opts.deidentification ?? null,
  });
  const people = codes.map((c, i) => ({ id: randomUUID(), code: c.code, deviceIds: devices.slice(i * 2, i * 2 + 2).map((d) => d.device) }));
  if (people.length) await db.insert(s.participants).values(people.map((p) => ({ id: p.id, studyId, code: p.code })));
  const links = people.flatMap((p) => p.deviceIds.map((deviceId) => ({ participantId: p.id, deviceId })));
  if (links.length) await db.insert(s.participantDevices).values(links);
  const cohortId = randomUUID();
  await db.insert(s.cohorts).values({ id: cohortId, studyId, name: "Baseline" });
  const members = people.slice(0, opts.members ?? 3);
  if (members.length) await db.insert(s.cohortMembers).values(members.map((m) => ({ cohortId, participantId: m.id })));
  return { studyId, cohortId, members, others: people.slice(members.length) };
}

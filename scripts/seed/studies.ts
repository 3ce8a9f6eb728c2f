import { createHash } from "node:crypto";
import type { Db, Sql } from "../../db/client";
import * as s from "../../db/schema";
import { stableUuid } from "./ids";

const PARTICIPANTS = 12;
const DEVICES_PER_PARTICIPANT = 2;
/** The start of the seed's last year of rows (they end 2026-06-30). */
const RECENT = "2025-07-01T00:00:00Z";

/**
 * A demo study in Acme / Research with two cohorts. Its participants are the first lab-results participant
 * ids of the tenant and each carries two of the tenant's event devices, so both realms have rows for them.
 * Idempotent: stable ids, inserts that skip what exists.
 */
export async function seedDemoStudy(db: Db, sql: Sql): Promise<void> {
  const organizationId = stableUuid("org:acme");
  const tenantId = stableUuid("tenant:acme:research");
  // Those with the most rows in the seed's last year, so a cohort export of a recent range has rows of each.
  const codes = await sql<{ code: string }[]>`
    select participant_id as code from warehouse.lab_results
    where organization_id = ${organizationId} and tenant_id = ${tenantId} and collected_at >= ${RECENT}
    group by 1 order by count(*) desc, 1 limit ${PARTICIPANTS}`;
  const devices = await sql<{ device: string }[]>`
    select device_id as device from warehouse.events
    where organization_id = ${organizationId} and tenant_id = ${tenantId} and event_time >= ${RECENT}
    group by 1 order by count(*) desc, 1 limit ${PARTICIPANTS * DEVICES_PER_PARTICIPANT}`;
  if (codes.length === 0) return;
  const studyId = stableUuid("study:acme:research:sleep");
  await db.transaction(async (tx) => {
    await tx
      .insert(s.studies)
      .values({
        id: studyId,
        organizationId,
        tenantId,
        projectId: stableUuid("project:acme:research:clinical-trials"),
        name: "Sleep and metabolism",
        description: "Lab panels and app activity of participants in the sleep study.",
        secret: createHash("sha256").update(`demo-study-secret:${studyId}`).digest("hex"),
      })
      .onConflictDoNothing();
    const cohorts = [
      { id: stableUuid(`cohort:${studyId}:baseline`), name: "Baseline", members: codes.slice(0, 8) },
      { id: stableUuid(`cohort:${studyId}:follow-up`), name: "Follow-up", members: codes.slice(4) },
    ];
    for (const [i, { code }] of codes.entries()) {
      const participantId = stableUuid(`participant:${studyId}:${code}`);
      await tx.insert(s.participants).values({ id: participantId, studyId, code }).onConflictDoNothing();
      const linked = devices.slice(i * DEVICES_PER_PARTICIPANT, (i + 1) * DEVICES_PER_PARTICIPANT);
      for (const { device } of linked) await tx.insert(s.participantDevices).values({ participantId, deviceId: device }).onConflictDoNothing();
    }
    for (const c of cohorts) {
      await tx.insert(s.cohorts).values({ id: c.id, studyId, name: c.name }).onConflictDoNothing();
      for (const { code } of c.members) {
        const participantId = stableUuid(`participant:${studyId}:${code}`);
        await tx
          .insert(s.cohortMembers)
          .values({ id: stableUuid(`member:${c.id}:${participantId}`), cohortId: c.id, participantId, addedAt: new Date("2025-01-01T00:00:00Z") })
          .onConflictDoNothing();
      }
    }
  });
}

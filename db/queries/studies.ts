import { and, asc, count, eq, gt, ilike, inArray, isNull, sql } from "drizzle-orm";
import type { Db } from "../client";
import { cohortMembers, cohorts, participantDevices, participants, projects, studies } from "../schema";

/** One tenant: every study query names it, so another tenant's or organization's study reads as missing. */
export interface TenantQuery {
  organizationId: string;
  tenantId: string;
}

const inTenant = (q: TenantQuery) => and(eq(studies.organizationId, q.organizationId), eq(studies.tenantId, q.tenantId));

const studyColumns = {
  id: studies.id,
  name: studies.name,
  description: studies.description,
  projectId: studies.projectId,
  projectName: projects.name,
  deidentification: studies.deidentification,
  createdAt: studies.createdAt,
};

/** The tenant's studies by name, after the name `after` (the previous page's last). */
export async function listStudies(db: Db, q: TenantQuery & { limit: number; after?: string | null }) {
  return db
    .select(studyColumns)
    .from(studies)
    .leftJoin(projects, eq(projects.id, studies.projectId))
    .where(and(inTenant(q), q.after ? gt(studies.name, q.after) : undefined))
    .orderBy(asc(studies.name))
    .limit(q.limit);
}

/** A study of the tenant, or null (also for another tenant's or organization's study). */
export async function findStudy(db: Db, q: TenantQuery & { studyId: string }) {
  const rows = await db
    .select({ ...studyColumns, secret: studies.secret })
    .from(studies)
    .leftJoin(projects, eq(projects.id, studies.projectId))
    .where(and(inTenant(q), eq(studies.id, q.studyId)));
  return rows[0] ?? null;
}

const currentMember = and(eq(cohortMembers.cohortId, cohorts.id), isNull(cohortMembers.removedAt));

/** A study's cohorts with their current member counts, by name. */
export async function listCohorts(db: Db, q: { studyId: string }) {
  return db
    .select({ id: cohorts.id, name: cohorts.name, description: cohorts.description, members: count(cohortMembers.id), createdAt: cohorts.createdAt })
    .from(cohorts)
    .leftJoin(cohortMembers, currentMember)
    .where(eq(cohorts.studyId, q.studyId))
    .groupBy(cohorts.id)
    .orderBy(asc(cohorts.name));
}

/** A cohort of the tenant's study, or null when the cohort, the study or the tenant does not match. */
export async function findCohort(db: Db, q: TenantQuery & { studyId: string; cohortId: string }) {
  const rows = await db
    .select({ id: cohorts.id, name: cohorts.name, description: cohorts.description, studyId: cohorts.studyId })
    .from(cohorts)
    .innerJoin(studies, eq(studies.id, cohorts.studyId))
    .where(and(inTenant(q), eq(studies.id, q.studyId), eq(cohorts.id, q.cohortId)));
  return rows[0] ?? null;
}

const devicesOf = sql<
  string[]
>`coalesce((select array_agg(${participantDevices.deviceId} order by ${participantDevices.deviceId}) from ${participantDevices} where ${participantDevices.participantId} = ${participants.id}), '{}')`;

/**
 * Participants of a study by participant id (code), optionally only a cohort's current members and those
 * whose code contains `search`, after the code `after`.
 */
export async function listParticipants(db: Db, q: { studyId: string; cohortId?: string; search?: string; after?: string | null; limit: number }) {
  const base = db.select({ id: participants.id, code: participants.code, deviceIds: devicesOf, createdAt: participants.createdAt }).from(participants);
  const joined = q.cohortId
    ? base.innerJoin(
        cohortMembers,
        and(eq(cohortMembers.participantId, participants.id), eq(cohortMembers.cohortId, q.cohortId), isNull(cohortMembers.removedAt)),
      )
    : base;
  return joined
    .where(
      and(
        eq(participants.studyId, q.studyId),
        q.search ? ilike(participants.code, `%${q.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`) : undefined,
        q.after ? gt(participants.code, q.after) : undefined,
      ),
    )
    .orderBy(asc(participants.code))
    .limit(q.limit);
}

/** A participant of the tenant's study with its devices, or null. */
export async function findParticipant(db: Db, q: TenantQuery & { studyId: string; participantId: string }) {
  const rows = await db
    .select({ id: participants.id, code: participants.code, studyId: participants.studyId, deviceIds: devicesOf })
    .from(participants)
    .innerJoin(studies, eq(studies.id, participants.studyId))
    .where(and(inTenant(q), eq(studies.id, q.studyId), eq(participants.id, q.participantId)));
  return rows[0] ?? null;
}

/** A cohort's current members with their devices: what a cohort export reads, fixed when it is requested. */
export async function cohortMembersNow(db: Db, q: { cohortId: string }) {
  return db
    .select({ code: participants.code, deviceIds: devicesOf })
    .from(cohortMembers)
    .innerJoin(participants, eq(participants.id, cohortMembers.participantId))
    .where(and(eq(cohortMembers.cohortId, q.cohortId), isNull(cohortMembers.removedAt)))
    .orderBy(asc(participants.code));
}

/** The study's participants among `codes`, by code. */
export async function participantsByCode(db: Db, q: { studyId: string; codes: string[] }) {
  if (q.codes.length === 0) return [];
  return db
    .select({ id: participants.id, code: participants.code })
    .from(participants)
    .where(and(eq(participants.studyId, q.studyId), inArray(participants.code, q.codes)));
}

/**
 * Makes the cohort's current members exactly `participantIds`: those no longer listed are marked removed
 * (their history stays), newly listed ones are added now. Returns how many were added and removed.
 */
export async function replaceCohortMembers(db: Db, q: { cohortId: string; participantIds: string[] }, now = new Date()) {
  return db.transaction(async (tx) => {
    const current = await tx
      .select({ id: cohortMembers.id, participantId: cohortMembers.participantId })
      .from(cohortMembers)
      .where(and(eq(cohortMembers.cohortId, q.cohortId), isNull(cohortMembers.removedAt)));
    const wanted = new Set(q.participantIds);
    const have = new Set(current.map((m) => m.participantId));
    const gone = current.filter((m) => !wanted.has(m.participantId)).map((m) => m.id);
    const added = [...wanted].filter((id) => !have.has(id));
    if (gone.length) await tx.update(cohortMembers).set({ removedAt: now }).where(inArray(cohortMembers.id, gone));
    if (added.length) await tx.insert(cohortMembers).values(added.map((participantId) => ({ cohortId: q.cohortId, participantId, addedAt: now })));
    return { added: added.length, removed: gone.length };
  });
}

/** The organization and tenant of a study, for routes that name only the study; access is checked after. */
export async function locateStudy(db: Db, studyId: string): Promise<TenantQuery | null> {
  const rows = await db.select({ organizationId: studies.organizationId, tenantId: studies.tenantId }).from(studies).where(eq(studies.id, studyId));
  return rows[0] ?? null;
}

/*
 * Defining studies and cohorts (studies.manage). Each write names the tenant (studies) or the study (cohorts),
 * so an id of another tenant's study changes nothing; the service has checked access and the study before.
 */
type Tx = Pick<Db, "insert" | "update" | "delete" | "select">;

export async function insertStudy(
  tx: Tx,
  v: TenantQuery & { name: string; projectId: string | null; description: string | null; secret: string },
): Promise<{ id: string }> {
  const [row] = await tx.insert(studies).values(v).returning({ id: studies.id });
  if (!row) throw new Error("insert into studies returned no row");
  return row;
}

export async function updateStudyRow(
  tx: Tx,
  q: TenantQuery & { studyId: string },
  set: Partial<Pick<typeof studies.$inferInsert, "name" | "projectId" | "description" | "deidentification">>,
) {
  await tx
    .update(studies)
    .set(set)
    .where(and(inTenant(q), eq(studies.id, q.studyId)));
}

export async function insertCohort(tx: Tx, v: { studyId: string; name: string; description: string | null }): Promise<{ id: string }> {
  const [row] = await tx.insert(cohorts).values(v).returning({ id: cohorts.id });
  if (!row) throw new Error("insert into cohorts returned no row");
  return row;
}

export async function updateCohortRow(
  tx: Tx,
  q: { studyId: string; cohortId: string },
  set: Partial<Pick<typeof cohorts.$inferInsert, "name" | "description">>,
) {
  await tx
    .update(cohorts)
    .set(set)
    .where(and(eq(cohorts.studyId, q.studyId), eq(cohorts.id, q.cohortId)));
}

/** Deletes the cohort and its membership history (exports already made keep the members they read). */
export async function deleteCohortRow(tx: Tx, q: { studyId: string; cohortId: string }) {
  await tx.delete(cohorts).where(and(eq(cohorts.studyId, q.studyId), eq(cohorts.id, q.cohortId)));
}

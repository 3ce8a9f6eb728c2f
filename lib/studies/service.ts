import type { Db } from "@/db/client";
import { findParticipant, findStudy, listCohorts, listParticipants, listStudies, locateStudy, type TenantQuery } from "@/db/queries/studies";
import { AppError } from "../errors/app-error";
import { can, requireAccess, resolveAccess, type Access } from "../permissions/guard";
import type { Actor } from "../permissions/actor";
import { pageOf } from "./paging";

/*
 * Reading studies, cohorts and participants. Each takes the tenant explicitly; a study the person cannot
 * read (no studies.read, another tenant or organization, or made up) is "not found", the same words for all.
 */

async function readAccess(db: Db, actor: Actor, q: TenantQuery, what: string): Promise<Access> {
  const access = await resolveAccess(db, { userId: actor.userId, ...q }, actor.restrict);
  if (!can(access, "studies.read") || !access) throw AppError.notFound(what);
  return access;
}

export interface Paging {
  limit: number;
  after: string | null;
}

/** The tenant's studies by name; without studies.read a 403 that says what is missing. */
export async function studiesPage(db: Db, actor: Actor, q: TenantQuery & Paging) {
  const access = await requireAccess(db, { userId: actor.userId, ...q }, "studies.read", actor.restrict);
  const rows = await listStudies(db, { ...q, limit: q.limit + 1 });
  return { access, ...pageOf(rows, q.limit, (r) => r.name) };
}

/** A study with its cohorts. */
export async function studyWithCohorts(db: Db, actor: Actor, q: TenantQuery & { studyId: string }) {
  const access = await readAccess(db, actor, q, "Study not found");
  const study = await findStudy(db, q);
  if (!study) throw AppError.notFound("Study not found");
  const { secret: _secret, ...shown } = study;
  return { access, study: shown, cohorts: await listCohorts(db, { studyId: study.id }) };
}

/** A cohort of a study, with its study. */
export async function cohortOf(db: Db, actor: Actor, q: TenantQuery & { studyId: string; cohortId: string }) {
  const { access, study, cohorts } = await studyWithCohorts(db, actor, q).catch((error: unknown) => {
    throw error instanceof AppError && error.code === "not_found" ? AppError.notFound("Cohort not found") : error;
  });
  const cohort = cohorts.find((c) => c.id === q.cohortId);
  if (!cohort) throw AppError.notFound("Cohort not found");
  return { access, study, cohort };
}

/** Participants of a study, or of one of its cohorts, by participant id, optionally searched. */
export async function participantsPage(db: Db, actor: Actor, q: TenantQuery & Paging & { studyId: string; cohortId?: string; search?: string }) {
  if (q.cohortId) await cohortOf(db, actor, { ...q, cohortId: q.cohortId });
  else await studyWithCohorts(db, actor, q);
  const rows = await listParticipants(db, { studyId: q.studyId, cohortId: q.cohortId, search: q.search, after: q.after, limit: q.limit + 1 });
  return pageOf(rows, q.limit, (r) => r.code);
}

/** One participant of a study with its devices. */
export async function participantOf(db: Db, actor: Actor, q: TenantQuery & { studyId: string; participantId: string }) {
  await readAccess(db, actor, q, "Participant not found");
  const participant = await findParticipant(db, q);
  if (!participant) throw AppError.notFound("Participant not found");
  return participant;
}

/**
 * The tenant of a study named only by its id (the API's study routes), or "not found" in the words of
 * `what`: a made-up id and another organization's read alike, since access is checked right after.
 */
export async function studyTenant(db: Db, studyId: string, what: string): Promise<TenantQuery> {
  const found = await locateStudy(db, studyId);
  if (!found) throw AppError.notFound(what);
  return found;
}

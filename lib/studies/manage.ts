import type { Db } from "@/db/client";
import { findTenantProject } from "@/db/queries/projects";
import { deleteCohortRow, findStudy, insertCohort, insertStudy, listCohorts, updateCohortRow, updateStudyRow, type TenantQuery } from "@/db/queries/studies";
import { recordAudit, type AuditAction } from "../audit/record";
import { AppError } from "../errors/app-error";
import { parseForPeople } from "../errors/field-errors";
import { can, resolveAccess } from "../permissions/guard";
import type { Actor } from "../permissions/actor";
import { newStudySecret } from "./deidentify";
import { cohortCreateInput, cohortUpdateInput, MANAGE_WORDS, studyCreateInput, studyUpdateInput } from "./manage-input";

/*
 * Defining studies and cohorts: studies.manage, in the study's tenant. A study or cohort the person cannot
 * read, or of another tenant or organization, is "not found" in the same words as a made-up id; one they
 * can read but not manage is a 403 that says what is missing. Every write is in the audit trail.
 */

type StudyRef = TenantQuery & { studyId: string };
type CohortRef = StudyRef & { cohortId: string };

async function requireManage(db: Db, actor: Actor, q: TenantQuery, what: string) {
  const access = await resolveAccess(db, { userId: actor.userId, ...q }, actor.restrict);
  if (!access || (!can(access, "studies.read") && !can(access, "studies.manage"))) throw AppError.notFound(what);
  if (can(access, "studies.manage")) return access;
  if (actor.restrict && !actor.restrict.scopes.has("studies.manage"))
    throw new AppError("forbidden", "This API token does not have the studies.manage scope. Create a token with it in the Developer tab.");
  throw new AppError("forbidden", "You don't have the studies.manage permission here. Ask an organization admin to define studies and cohorts.");
}

/** The study, for someone who may manage it; otherwise not found (or 403 as above). */
async function managedStudy(db: Db, actor: Actor, q: StudyRef, what = "Study not found") {
  await requireManage(db, actor, q, what);
  const study = await findStudy(db, q);
  if (!study) throw AppError.notFound(what);
  return study;
}

async function managedCohort(db: Db, actor: Actor, q: CohortRef) {
  const study = await managedStudy(db, actor, q, "Cohort not found");
  const cohort = (await listCohorts(db, { studyId: study.id })).find((c) => c.id === q.cohortId);
  if (!cohort) throw AppError.notFound("Cohort not found");
  return { study, cohort };
}

const isUniqueViolation = (error: unknown): boolean => {
  for (let e: unknown = error; e && typeof e === "object"; e = (e as { cause?: unknown }).cause) if ("code" in e && e.code === "23505") return true;
  return false;
};

/** A name already taken in the tenant (studies) or the study (cohorts), as a refusal that says so. */
function nameTaken(kind: "study" | "cohort", name: string) {
  const where = kind === "study" ? "This tenant already has a study" : "This study already has a cohort";
  const message = `${where} named "${name}". Choose another name.`;
  return new AppError("conflict", message, { name: message });
}

async function projectOfTenant(db: Db, q: TenantQuery, projectId: string | null) {
  if (!projectId) return null;
  const project = await findTenantProject(db, { ...q, projectId });
  if (!project) {
    const message = "That project is not one of this tenant's projects. Choose one of the tenant's projects, or leave the project out.";
    throw new AppError("invalid", message, { projectId: message });
  }
  return project;
}

function audit(tx: Pick<Db, "insert">, actor: Actor, q: TenantQuery, action: AuditAction, details: Record<string, unknown>) {
  return recordAudit(tx, { organizationId: q.organizationId, tenantId: q.tenantId, actorUserId: actor.userId, action, context: actor.context, details });
}

/** Writes, and a name already taken (also by a request that raced this one) becomes the 409 that says so. */
async function write<T>(kind: "study" | "cohort", name: string | undefined, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (name !== undefined && isUniqueViolation(error)) throw nameTaken(kind, name);
    throw error;
  }
}

/** A new study of the tenant, with its own secret for de-identified exports. */
export async function createStudy(db: Db, actor: Actor, q: TenantQuery, raw: unknown): Promise<{ id: string }> {
  await requireManage(db, actor, q, "Tenant not found");
  const input = parseForPeople(studyCreateInput, raw, MANAGE_WORDS);
  await projectOfTenant(db, q, input.projectId);
  return write("study", input.name, () =>
    db.transaction(async (tx) => {
      const row = await insertStudy(tx, { ...q, ...input, secret: newStudySecret() });
      await audit(tx, actor, q, "study.created", { studyId: row.id, name: input.name, projectId: input.projectId });
      return row;
    }),
  );
}

/** Renames a study, or changes its project, description or de-identification profile (null: none). */
export async function updateStudy(db: Db, actor: Actor, q: StudyRef, raw: unknown): Promise<{ changed: string[] }> {
  const study = await managedStudy(db, actor, q);
  const input = parseForPeople(studyUpdateInput, raw, MANAGE_WORDS);
  if (input.projectId !== undefined) await projectOfTenant(db, q, input.projectId);
  const before: Record<string, unknown> = {
    name: study.name,
    projectId: study.projectId,
    description: study.description,
    deidentification: study.deidentification,
  };
  const changed = Object.keys(input).filter((k) => JSON.stringify(before[k] ?? null) !== JSON.stringify(input[k as keyof typeof input] ?? null));
  if (changed.length === 0) return { changed };
  await write("study", input.name, () =>
    db.transaction(async (tx) => {
      await updateStudyRow(tx, q, input);
      await audit(tx, actor, q, "study.updated", {
        studyId: study.id,
        name: input.name ?? study.name,
        from: Object.fromEntries(changed.map((k) => [k, before[k] ?? null])),
        to: Object.fromEntries(changed.map((k) => [k, input[k as keyof typeof input] ?? null])),
      });
    }),
  );
  return { changed };
}

export async function createCohort(db: Db, actor: Actor, q: StudyRef, raw: unknown): Promise<{ id: string }> {
  const study = await managedStudy(db, actor, q);
  const input = parseForPeople(cohortCreateInput, raw, MANAGE_WORDS);
  return write("cohort", input.name, () =>
    db.transaction(async (tx) => {
      const row = await insertCohort(tx, { studyId: study.id, ...input });
      await audit(tx, actor, q, "cohort.created", { studyId: study.id, cohortId: row.id, name: input.name });
      return row;
    }),
  );
}

export async function updateCohort(db: Db, actor: Actor, q: CohortRef, raw: unknown): Promise<{ changed: string[] }> {
  const { study, cohort } = await managedCohort(db, actor, q);
  const input = parseForPeople(cohortUpdateInput, raw, MANAGE_WORDS);
  const before: Record<string, unknown> = { name: cohort.name, description: cohort.description };
  const changed = Object.keys(input).filter((k) => (before[k] ?? null) !== (input[k as keyof typeof input] ?? null));
  if (changed.length === 0) return { changed };
  await write("cohort", input.name, () =>
    db.transaction(async (tx) => {
      await updateCohortRow(tx, { studyId: study.id, cohortId: cohort.id }, input);
      await audit(tx, actor, q, "cohort.updated", {
        studyId: study.id,
        cohortId: cohort.id,
        name: input.name ?? cohort.name,
        from: Object.fromEntries(changed.map((k) => [k, before[k] ?? null])),
        to: Object.fromEntries(changed.map((k) => [k, input[k as keyof typeof input] ?? null])),
      });
    }),
  );
  return { changed };
}

/**
 * Deletes a cohort. One with current members goes only when `confirm` says the person means it, since its
 * member list goes with it; exports already made keep the members they read in their manifest.
 */
export async function deleteCohort(db: Db, actor: Actor, q: CohortRef, confirm: boolean): Promise<{ members: number }> {
  const { study, cohort } = await managedCohort(db, actor, q);
  const members = Number(cohort.members);
  if (members > 0 && !confirm)
    throw new AppError(
      "conflict",
      `Cohort ${cohort.name} has ${members.toLocaleString("en-US")} member${members === 1 ? "" : "s"}; deleting it deletes its member list too. Confirm to delete it anyway.`,
      { confirm: "Confirm to delete a cohort with members." },
    );
  await db.transaction(async (tx) => {
    await deleteCohortRow(tx, { studyId: study.id, cohortId: cohort.id });
    await audit(tx, actor, q, "cohort.deleted", { studyId: study.id, cohortId: cohort.id, name: cohort.name, members });
  });
  return { members };
}

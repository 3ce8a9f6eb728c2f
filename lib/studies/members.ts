import type { Db } from "@/db/client";
import { participantsByCode, replaceCohortMembers, type TenantQuery } from "@/db/queries/studies";
import { recordAudit } from "../audit/record";
import { AppError } from "../errors/app-error";
import { can, resolveAccess } from "../permissions/guard";
import type { Actor } from "../permissions/actor";
import { cohortOf } from "./service";

/** The most participant ids one member list may hold. */
export const MAX_MEMBER_LIST = 10_000;

export interface MemberListCheck {
  /** Participant ids of the study, in the list's order, each once. */
  known: string[];
  /** Ids in the list that are no participant of the study: shown back, never dropped silently. */
  unknown: string[];
}

type CohortRef = TenantQuery & { studyId: string; cohortId: string };

/** The cohort, for someone who may manage studies here; anyone else gets "not found" or a 403 that says why. */
async function managedCohort(db: Db, actor: Actor, q: CohortRef) {
  const { cohort } = await cohortOf(db, actor, q);
  const access = await resolveAccess(db, { userId: actor.userId, ...q }, actor.restrict);
  if (!can(access, "studies.manage")) throw new AppError("forbidden", "You don't have the studies.manage permission here. Ask an organization admin.");
  return cohort;
}

/** A member list checked against the study's participants: which ids are known and which are not. */
export async function checkMemberList(db: Db, actor: Actor, q: CohortRef, ids: string[]): Promise<MemberListCheck> {
  await managedCohort(db, actor, q);
  const wanted = [...new Set(ids.map((id) => id.trim()).filter(Boolean))];
  if (wanted.length > MAX_MEMBER_LIST)
    throw new AppError(
      "invalid",
      `The list has ${wanted.length.toLocaleString("en-US")} ids; a cohort takes at most ${MAX_MEMBER_LIST.toLocaleString("en-US")}.`,
      {
        members: "Too many ids.",
      },
    );
  const found = new Set((await participantsByCode(db, { studyId: q.studyId, codes: wanted })).map((p) => p.code));
  return { known: wanted.filter((id) => found.has(id)), unknown: wanted.filter((id) => !found.has(id)) };
}

/**
 * Makes the cohort's members exactly the list's known ids. A list with unknown ids is refused unless the
 * person saw them and chose to leave them out (`leaveOutUnknown`), so none is dropped without their knowing.
 */
export async function saveMemberList(db: Db, actor: Actor, q: CohortRef, ids: string[], leaveOutUnknown: boolean) {
  const cohort = await managedCohort(db, actor, q);
  const check = await checkMemberList(db, actor, q, ids);
  if (check.unknown.length && !leaveOutUnknown)
    throw new AppError(
      "invalid",
      `${check.unknown.length} id${check.unknown.length === 1 ? " is" : "s are"} not participants of this study: ${check.unknown.slice(0, 5).join(", ")}.`,
      {
        members: "Remove the unknown ids, or save without them.",
      },
    );
  const rows = await participantsByCode(db, { studyId: q.studyId, codes: check.known });
  const result = await replaceCohortMembers(db, { cohortId: q.cohortId, participantIds: rows.map((r) => r.id) });
  if (result.added || result.removed)
    await recordAudit(db, {
      organizationId: q.organizationId,
      tenantId: q.tenantId,
      actorUserId: actor.userId,
      action: "cohort.members_replaced",
      context: actor.context,
      details: { studyId: q.studyId, cohortId: q.cohortId, name: cohort.name, ...result, members: check.known.length, leftOut: check.unknown.length },
    });
  return { ...result, members: check.known.length, leftOut: check.unknown };
}

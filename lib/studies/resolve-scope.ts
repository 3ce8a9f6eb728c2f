import type { Db } from "@/db/client";
import { cohortMembersNow, findCohort, findParticipant, findStudy } from "@/db/queries/studies";
import type { DeidentificationSettings, ExportScope, StudyScopeMember } from "@/db/schema";
import { AppError } from "../errors/app-error";
import type { ExportRequestInput } from "../export-requests/input";
import { can, type Access } from "../permissions/guard";
import { getRealm } from "../realms/catalog";
import { deidentifyMembers, FULL_DEIDENTIFICATION } from "./deidentify";

type StudyScopeInput = Extract<ExportRequestInput["scope"], { type: "cohort" | "participant" }>;

/** The most members one cohort export reads; a bigger cohort is split into several. */
export const MAX_COHORT_MEMBERS = 10_000;

export interface ResolvedStudyScope {
  scope: ExportScope;
  scopeLabel: string;
  errors: Record<string, string>;
}

/** Realms that hold participant data, the ones a study scope can export. */
export const participantRealms = (realmIds: string[]) => realmIds.filter((id) => getRealm(id)?.participant);

/**
 * A cohort or participant scope resolved to the members it reads, fixed now so that every partition and
 * every rerun of the export reads the same people (and the archive can list them). A study, cohort or
 * participant the person may not read, or of another tenant, is "not found". De-identification applies
 * when the study has a profile, when the person's role may not export identified study data, or when asked.
 */
export async function resolveStudyScope(
  db: Db,
  access: Access,
  q: { organizationId: string; tenantId: string },
  input: StudyScopeInput,
  realmIds: string[],
): Promise<ResolvedStudyScope> {
  const study = can(access, "studies.read") ? await findStudy(db, { ...q, studyId: input.studyId }) : null;
  if (!study) throw AppError.notFound("Study not found");
  const errors: Record<string, string> = {};
  let members: StudyScopeMember[];
  let what: string;
  if (input.type === "cohort") {
    const cohort = await findCohort(db, { ...q, studyId: study.id, cohortId: input.cohortId });
    if (!cohort) throw AppError.notFound("Cohort not found");
    members = (await cohortMembersNow(db, { cohortId: cohort.id })).map((m) => ({ participantId: m.code, deviceIds: m.deviceIds }));
    if (members.length > MAX_COHORT_MEMBERS)
      errors.scope = `The cohort has ${members.length.toLocaleString("en-US")} members; one export reads at most ${MAX_COHORT_MEMBERS.toLocaleString("en-US")}. Split it into smaller cohorts.`;
    what = `Cohort ${cohort.name}`;
  } else {
    const participant = await findParticipant(db, { ...q, studyId: study.id, participantId: input.participantId });
    if (!participant) throw AppError.notFound("Participant not found");
    members = [{ participantId: participant.code, deviceIds: participant.deviceIds }];
    what = `Participant ${participant.code}`;
  }

  const without = realmIds.filter((id) => !getRealm(id)?.participant);
  if (without.length) {
    const labels = without.map((id) => getRealm(id)?.label ?? id).join(", ");
    errors[realmIds.length > 1 ? "realms" : "realm"] =
      `${labels} ${without.length > 1 ? "hold" : "holds"} no participant data, so a study export cannot include ${without.length > 1 ? "them" : "it"}. Choose Lab results or Analytics events.`;
  }

  const forced = study.deidentification !== null || !can(access, "studies.identified");
  if (input.deidentified === false && forced)
    errors["scope.deidentified"] = study.deidentification
      ? "This study's exports are always de-identified. Leave de-identification on."
      : "Your role may export study data de-identified only. Leave de-identification on, or ask an admin.";
  const settings: DeidentificationSettings | undefined = input.deidentified === true || forced ? (study.deidentification ?? FULL_DEIDENTIFICATION) : undefined;
  if (settings) members = deidentifyMembers(study.secret, settings, members);
  const only = members[0];
  // A de-identified participant export is labelled by its pseudonym: the label reaches the archive's README.
  if (input.type === "participant" && only?.pseudonym) what = `Participant ${only.pseudonym}`;

  const scope: ExportScope =
    input.type === "cohort"
      ? { type: "cohort", studyId: study.id, cohortId: input.cohortId, members, ...(settings ? { deidentified: settings } : {}) }
      : { type: "participant", studyId: study.id, participantId: input.participantId, members, ...(settings ? { deidentified: settings } : {}) };
  return { scope, scopeLabel: `Study ${study.name} · ${what}`, errors };
}

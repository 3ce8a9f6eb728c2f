import type { DeidentificationSettings } from "../../../db/schema/studies";
import { isStudyScope } from "../query/study-scope";
import type { ExportRequest, ExportScope } from "../types";

/** The most days a de-identified participant's dates move, either way. */
export const MAX_SHIFT_DAYS = 364;

/** README.txt's scope line for a study scope. */
export function studyScopeText(req: ExportRequest): string | null {
  const s = req.scope;
  if (!isStudyScope(s)) return null;
  const label = req.scopeLabel ? `${req.scopeLabel} — ` : "";
  const what = s.type === "cohort" ? `cohort ${s.cohortId}, ${s.members.length} member${s.members.length === 1 ? "" : "s"}` : `participant ${s.participantId}`;
  return `${label}study ${s.studyId}, ${what} (tenant ${req.tenantId})`;
}

/** The members as the archive may name them: pseudonyms when ids were hashed, never the date shifts. */
function archiveMembers(scope: Extract<ExportScope, { type: "cohort" | "participant" }>) {
  const hashed = scope.deidentified?.hashParticipantIds ?? false;
  return scope.members.map((m) => ({
    participantId: hashed ? (m.pseudonym ?? "") : m.participantId,
    deviceIds: hashed ? (m.devicePseudonyms ?? []) : m.deviceIds,
  }));
}

/** The scope as manifest.json records it: a study scope with the members this export read. */
export function archiveScope(scope: ExportScope): unknown {
  if (!isStudyScope(scope)) return scope;
  const { members: _members, deidentified, ...ids } = scope;
  return { ...ids, members: archiveMembers(scope), deidentification: deidentified ?? null };
}

export function deidentificationText(settings: DeidentificationSettings | undefined): string[] {
  if (!settings) return ["De-identification: none; participant ids, device ids, dates and free text are as stored."];
  return [
    "De-identification:",
    settings.hashParticipantIds
      ? "  participant_id and device_id are replaced by a keyed hash (HMAC-SHA-256 with this study's secret): the same participant has the same pseudonym in every export of this study, and a different one in other studies."
      : "  participant_id and device_id are as stored.",
    settings.shiftDates
      ? `  Every timestamp of a participant is shifted by that participant's own number of days (1 to ${MAX_SHIFT_DAYS}, earlier or later), the same in every realm and every export of this study, so intervals within a participant are kept. The date range applies to the shifted dates.`
      : "  Dates are as stored.",
    settings.dropFreeText ? "  Free-text fields (the lab comment, event properties) are dropped: their columns are empty." : "  Free-text fields are kept.",
  ];
}

/** README.txt's study section: who the export read (as the manifest names them) and what was done to the rows. */
export function studyReadmeLines(req: ExportRequest): string[] {
  const s = req.scope;
  if (!isStudyScope(s)) return [];
  const members = archiveMembers(s);
  return [
    `Study members (${members.length}), fixed when the export was requested; manifest.json lists them with their devices:`,
    ...(members.length ? members.map((m) => `  ${m.participantId}${m.deviceIds.length ? ` (devices ${m.deviceIds.join(", ")})` : ""}`) : ["  (none)"]),
    "  Lab results are read by participant_id, analytics events by the devices linked to each participant.",
    "",
    ...deidentificationText(s.deidentified),
    "",
  ];
}

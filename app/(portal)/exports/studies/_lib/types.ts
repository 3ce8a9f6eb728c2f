import type { FormatOption, FormLimits, RealmOption } from "../../_lib/types";

/** What the server hands a study page's Export action (plain data). */
export interface StudyExportSetup {
  realms: RealmOption[];
  formats: FormatOption[];
  limits: FormLimits;
  from: string;
  to: string;
  /** The person may export identified study data; otherwise exports are de-identified. */
  identified: boolean;
}

/** The scope an Export action locks the form to, and its chip's words. */
export interface LockedScope {
  scope: { type: "cohort"; studyId: string; cohortId: string } | { type: "participant"; studyId: string; participantId: string };
  label: string;
}

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
  scope:
    | { type: "cohort"; studyId: string; cohortId: string; deidentified?: boolean }
    | { type: "participant"; studyId: string; participantId: string; deidentified?: boolean };
  label: string;
}

/** The dialog's De-identify switch: locked on (with the reason in words) when the study's profile or the role requires it. */
export interface DeidentifyChoice {
  locked: boolean;
  reason: string | null;
}

import type { Workspace } from "../../_lib/types";
import type { DeidentifyChoice, StudyExportSetup } from "../_lib/types";
import { StudyExportDialog } from "./study-export-dialog";

interface Props {
  workspace: Workspace;
  /** Null when the person may not export any realm with participant data: no action then. */
  setup: StudyExportSetup | null;
  study: { id: string; name: string; deidentification: unknown };
  target: { type: "cohort"; id: string; name: string } | { type: "participant"; id: string; code: string };
}

/**
 * The Export action of a cohort or a participant, on the study's and the cohort's pages alike: the locked
 * scope and its words, and whether the De-identify switch is locked on (the study's profile, or a role
 * without studies.identified) or free.
 */
export function StudyExportAction({ workspace, setup, study, target }: Props) {
  if (!setup) return null;
  const deidentify: DeidentifyChoice = study.deidentification
    ? { locked: true, reason: "Always on: this study's settings de-identify every export of it." }
    : !setup.identified
      ? { locked: true, reason: "Always on: your role exports study data de-identified only." }
      : { locked: false, reason: null };
  const cohort = target.type === "cohort";
  return (
    <StudyExportDialog
      workspace={workspace}
      setup={setup}
      deidentify={deidentify}
      label={cohort ? `Export cohort ${target.name}` : `Export participant ${target.code}`}
      locked={
        cohort
          ? { scope: { type: "cohort", studyId: study.id, cohortId: target.id }, label: `Study ${study.name} · Cohort ${target.name}` }
          : { scope: { type: "participant", studyId: study.id, participantId: target.id }, label: `Study ${study.name} · Participant ${target.code}` }
      }
    />
  );
}

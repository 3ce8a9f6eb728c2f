import type { ExportScope } from "@/db/schema";
import type { ExportRequestInput } from "../export-requests/input";

type ClientScope = ExportRequestInput["scope"];

/**
 * A stored scope as a client sends and reads it: study scopes without the members and pseudonyms they were
 * resolved to (those stay in the portal and in the archive's manifest), an apps scope without an absent project.
 */
export function clientScopeOf(scope: ExportScope): ClientScope {
  switch (scope.type) {
    case "cohort":
      return { type: "cohort", studyId: scope.studyId, cohortId: scope.cohortId, ...(scope.deidentified ? { deidentified: true } : {}) };
    case "participant":
      return { type: "participant", studyId: scope.studyId, participantId: scope.participantId, ...(scope.deidentified ? { deidentified: true } : {}) };
    case "apps":
      return { type: "apps", appIds: scope.appIds, ...(scope.projectId ? { projectId: scope.projectId } : {}) };
    default:
      return scope;
  }
}

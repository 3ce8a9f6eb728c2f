import { workspaceHref, type WorkspaceRef } from "@/lib/workspaces/url";

/** Study pages live under the workspace's Exports: /o/{org}/t/{tenant}/exports/studies… */
export const studiesHref = (ws: WorkspaceRef, query = "") => workspaceHref(ws, `/exports/studies${query}`);
export const studyHref = (ws: WorkspaceRef, studyId: string) => workspaceHref(ws, `/exports/studies/${studyId}`);
export const cohortHref = (ws: WorkspaceRef, studyId: string, cohortId: string, query = "") =>
  workspaceHref(ws, `/exports/studies/${studyId}/cohorts/${cohortId}${query}`);

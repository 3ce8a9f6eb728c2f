import type { ExportView } from "./types";

/** Who may do what in the workspace, as far as explaining a missing action needs it (the server decides). */
export interface ActionHelp {
  /** Realms the person's role may download (and export) here. */
  downloadRealms: string[];
  organizationWide: boolean;
  /** Whom to ask for a different role. */
  admins: { name: string | null; email: string }[];
}

/** Why a finished export shows no Download for this person; null when it does, or is not finished. */
export function missingDownloadReason(e: Pick<ExportView, "status" | "realm" | "realmLabel" | "scope" | "can">, help: ActionHelp): string | null {
  if (e.status !== "done" || e.can.download) return null;
  if (!help.downloadRealms.includes(e.realm)) return `Your role may not download ${e.realmLabel}.`;
  if (e.scope.type === "organization" && !help.organizationWide)
    return "Your role may not download exports of the entire organization: that needs an organization-level role.";
  return "Your role may not download this export.";
}

/** "Ask Ada Admin (ada@…) or …", naming the admins who can change the person's role. */
export function askAdmins(admins: ActionHelp["admins"]): string {
  if (admins.length === 0) return "Ask an organization admin to change your role.";
  const names = admins.map((a) => (a.name ? `${a.name} (${a.email})` : a.email));
  const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(", ")} or ${names[names.length - 1]}`;
  return `Ask ${list} to change your role.`;
}

import { Alert } from "@/components/ui/misc";
import { WORKSPACE_UNAVAILABLE } from "@/lib/workspaces/select";

export const SELECT_WORKSPACE_MESSAGE = "Select an organization and tenant to view and create exports.";

/** `refused`: the URL named a workspace the person may not use; said as the switcher says it. */
export function SelectWorkspaceNotice({ hasChoices, refused = false }: { hasChoices: boolean; refused?: boolean }) {
  return (
    <Alert tone="info" className="mx-auto mt-8 max-w-xl text-center">
      <p className="font-medium">{refused ? WORKSPACE_UNAVAILABLE : SELECT_WORKSPACE_MESSAGE}</p>
      {!hasChoices ? <p className="mt-1">You are not a member of any organization yet. Ask an organization admin to invite you.</p> : null}
    </Alert>
  );
}

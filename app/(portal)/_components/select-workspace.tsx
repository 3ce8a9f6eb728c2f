import { Alert } from "@/components/ui/misc";

export const SELECT_WORKSPACE_MESSAGE = "Select an organization and tenant to view and create exports.";

export function SelectWorkspaceNotice({ hasChoices }: { hasChoices: boolean }) {
  return (
    <Alert tone="info" className="mx-auto mt-8 max-w-xl text-center">
      <p className="font-medium">{SELECT_WORKSPACE_MESSAGE}</p>
      {!hasChoices ? <p className="mt-1">You are not a member of any organization yet. Ask an organization admin to invite you.</p> : null}
    </Alert>
  );
}

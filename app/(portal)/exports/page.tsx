import type { Metadata } from "next";
import { currentWorkspace, requireUser } from "@/lib/auth/session";
import { SelectWorkspaceNotice } from "../_components/select-workspace";

export const metadata: Metadata = { title: "Exports" };

export default async function ExportsPage() {
  const user = await requireUser("/exports");
  const { choices, selected } = await currentWorkspace(user.id);
  if (!selected) return <SelectWorkspaceNotice hasChoices={choices.length > 0} />;
  return (
    <div>
      <h1 className="text-xl font-semibold">Exports</h1>
      <p className="text-sm text-slate-600">
        {selected.organizationName} / {selected.tenantName}
      </p>
    </div>
  );
}

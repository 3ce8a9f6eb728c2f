import type { Metadata } from "next";
import type { ReactNode } from "react";
import { Alert } from "@/components/ui/misc";
import { SelectWorkspaceNotice } from "../_components/select-workspace";
import { AdminTabs } from "./_components/admin-tabs";
import { adminContext, NO_ADMIN_PERMISSION } from "./_lib/context";

export const metadata: Metadata = { title: { default: "Admin", template: "%s · Admin · Data Export Portal" } };

export default async function AdminLayout({ children }: { children: ReactNode }) {
  const ctx = await adminContext();
  if (ctx.kind === "no-workspace") return <SelectWorkspaceNotice hasChoices={ctx.hasChoices} />;
  if (ctx.kind === "denied") {
    return (
      <div className="mx-auto mt-8 flex max-w-xl flex-col gap-2">
        <h1 className="text-xl font-semibold">Admin</h1>
        <Alert tone="info" data-testid="no-admin-permission">
          <p className="font-medium">{NO_ADMIN_PERMISSION}</p>
          <p className="mt-1">Organization admins decide who may export what in {ctx.workspaceLabel}. Your role there does not include managing members.</p>
        </Alert>
      </div>
    );
  }
  return (
    <div className="flex flex-col gap-4">
      <div>
        <h1 className="text-xl font-semibold">Admin</h1>
        <p className="text-sm text-slate-600">{ctx.organizationWide ? `${ctx.organizationName} · all tenants` : `${ctx.workspaceLabel} · this tenant only`}</p>
      </div>
      <AdminTabs organizationId={ctx.place.organizationId} organizationWide={ctx.organizationWide} />
      {children}
    </div>
  );
}

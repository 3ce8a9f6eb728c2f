import type { Metadata } from "next";
import { Suspense } from "react";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Alert } from "@/components/ui/misc";
import { requireUser, urlWorkspace } from "@/app/_lib/session";
import { can, canExportRealm } from "@/lib/permissions/guard";
import { listRealms } from "@/lib/realms/catalog";
import { sameWorkspace } from "@/lib/workspaces/url";
import { SelectWorkspaceNotice } from "../_components/select-workspace";
import { ActionHelpProvider } from "./_components/action-help";
import { ExportsPanel } from "./_components/exports-panel";
import { exportsFormData, exportsPageData } from "./_lib/first-page";
import { NewExportFormLoader, NewExportFormPlaceholder } from "./_components/new-export-card";
import { exportsWorkspace } from "./_lib/context";
import type { RealmOption } from "./_lib/types";

export const metadata: Metadata = { title: "Exports" };

export default async function ExportsPage() {
  const user = await requireUser("/exports");
  // The workspace the URL names is nearly always the one shown: its data is asked for at once, beside the
  // check of the person's workspaces, instead of one round trip after another (each re-checks access).
  const inUrl = await urlWorkspace();
  const early = inUrl ? exportsPageData(user.id, inUrl) : null;
  // Not awaited when the URL's workspace is refused: a failure then is nobody's to report.
  early?.catch(() => undefined);
  const { choices, selected, urlRefused } = await exportsWorkspace(user.id);
  if (!selected) return <SelectWorkspaceNotice hasChoices={choices.length > 0} refused={urlRefused} />;

  const scope = { organizationId: selected.organizationId, tenantId: selected.tenantId };
  const { access, help, firstPage } = await (early && sameWorkspace(inUrl, scope) ? early : exportsPageData(user.id, scope));
  // The remembered workspace can lose its membership between requests; then it is as if none were chosen.
  if (!access || !can(access, "data.exports.read") || !help || !firstPage) return <SelectWorkspaceNotice hasChoices={choices.length > 0} />;
  const canCreate = can(access, "data.exports.create");
  const realms: RealmOption[] = listRealms()
    .filter((r) => canExportRealm(access, r.id))
    .map((r) => ({ id: r.id, label: r.label, description: r.description, fields: r.fields.map((f) => ({ ...f })) }));
  // Asked for only now, and awaited inside the form's Suspense boundary: the table's HTML goes out first.
  const formData = canCreate && realms.length > 0 ? exportsFormData(scope) : null;

  return (
    <ActionHelpProvider help={help}>
      <div className="flex flex-col gap-4">
        <div>
          <h1 className="text-xl font-semibold">Exports</h1>
          <p className="text-sm text-slate-600">
            {selected.organizationName} / {selected.tenantName}
          </p>
        </div>
        {/* The form spans the page in two columns from lg up (one on a phone); the list follows at full width. */}
        <div className="flex min-w-0 flex-col gap-6">
          <Card aria-labelledby="new-export-heading" className="min-w-0">
            <CardHeader>
              <CardTitle id="new-export-heading">New export</CardTitle>
              <p className="text-xs text-slate-600">Large exports run in the background. We email you when the archive is ready to download.</p>
            </CardHeader>
            <CardContent>
              {formData ? (
                <Suspense fallback={<NewExportFormPlaceholder />}>
                  <NewExportFormLoader workspace={selected} realms={realms} allowOrganization={access.organizationWide} data={formData} />
                </Suspense>
              ) : canCreate ? (
                <Alert tone="info">Your role may not export any realm in this tenant. Ask an organization or tenant admin.</Alert>
              ) : (
                <Alert tone="info" data-testid="no-create-permission">
                  You don&apos;t have permission to create exports. Ask an organization or tenant admin.
                </Alert>
              )}
            </CardContent>
          </Card>
          <section aria-labelledby="exports-heading" className="min-w-0">
            <ExportsPanel workspace={selected} canCreate={canCreate} realms={listRealms().map((r) => ({ id: r.id, label: r.label }))} firstPage={firstPage} />
          </section>
        </div>
      </div>
    </ActionHelpProvider>
  );
}

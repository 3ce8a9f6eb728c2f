"use client";

import { FieldError, NativeSelect } from "@/components/ui/input";
import type { Draft, ScopeType } from "../_lib/draft";
import type { ProjectOption } from "../_lib/types";
import { describedBy, FormField } from "@/components/ui/form-field";

const SCOPE_LABELS: Record<ScopeType, string> = {
  tenant: "Current tenant",
  project: "A project",
  apps: "One or more apps",
  organization: "Entire organization",
};

interface Props {
  draft: Draft;
  update: (patch: Partial<Draft>) => void;
  projects: ProjectOption[];
  tenantName: string;
  organizationName: string;
  /** Only organization-level roles may export the whole organization. */
  allowOrganization: boolean;
  errors: Record<string, string>;
}

export function ScopeFields({ draft, update, projects, tenantName, organizationName, allowOrganization, errors }: Props) {
  const scopes: ScopeType[] = allowOrganization ? ["tenant", "project", "apps", "organization"] : ["tenant", "project", "apps"];
  const apps = projects.filter((p) => !draft.projectId || p.id === draft.projectId).flatMap((p) => p.apps);
  const scopeHint =
    draft.scopeType === "tenant" ? `Everything in ${tenantName}.` : draft.scopeType === "organization" ? `Every tenant of ${organizationName}.` : undefined;
  return (
    <>
      <FormField id="export-scope" label="Scope" hint={scopeHint} error={errors.scope}>
        <NativeSelect
          id="export-scope"
          value={draft.scopeType}
          onChange={(e) => update({ scopeType: e.target.value as ScopeType, projectId: "", appIds: [] })}
          {...describedBy("export-scope", errors.scope, Boolean(scopeHint))}
        >
          {scopes.map((s) => (
            <option key={s} value={s}>
              {SCOPE_LABELS[s]}
            </option>
          ))}
        </NativeSelect>
      </FormField>

      {draft.scopeType === "project" || draft.scopeType === "apps" ? (
        <FormField id="export-project" label="Project" error={errors["scope.projectId"]}>
          <NativeSelect
            id="export-project"
            value={draft.projectId}
            onChange={(e) => update({ projectId: e.target.value, appIds: [] })}
            {...describedBy("export-project", errors["scope.projectId"])}
          >
            <option value="">{draft.scopeType === "apps" ? "All projects" : "Choose a project…"}</option>
            {projects.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </NativeSelect>
        </FormField>
      ) : null}

      {draft.scopeType === "apps" ? (
        <fieldset className="flex flex-col gap-1.5" aria-describedby={errors["scope.appIds"] ? "export-apps-error" : undefined}>
          <legend className="text-sm font-medium text-slate-800">Apps</legend>
          {apps.length === 0 ? <p className="text-sm text-slate-500">This tenant has no apps yet.</p> : null}
          <div className="grid gap-1 sm:grid-cols-2">
            {apps.map((app) => (
              <label key={app.id} className="flex items-center gap-2 text-sm">
                <input
                  type="checkbox"
                  className="size-4 accent-indigo-700"
                  checked={draft.appIds.includes(app.id)}
                  onChange={(e) => update({ appIds: e.target.checked ? [...draft.appIds, app.id] : draft.appIds.filter((id) => id !== app.id) })}
                />
                {app.name}
              </label>
            ))}
          </div>
          <FieldError id="export-apps-error" message={errors["scope.appIds"]} />
        </fieldset>
      ) : null}
    </>
  );
}

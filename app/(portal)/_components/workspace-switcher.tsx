"use client";

import { usePathname, useRouter } from "next/navigation";
import { useActionState, useEffect, useRef } from "react";
import { toast } from "sonner";
import type { TenantChoice } from "@/db/queries/tenants";
import { splitWorkspacePath } from "@/lib/workspaces/url";
import { selectWorkspaceAction } from "../actions";

const key = (c: { organizationId: string; tenantId: string }) => `${c.organizationId}:${c.tenantId}`;

export function WorkspaceSwitcher({ choices, selected }: { choices: TenantChoice[]; selected: string }) {
  const form = useRef<HTMLFormElement>(null);
  const router = useRouter();
  const [state, formAction] = useActionState(selectWorkspaceAction, null);
  // The layout that rendered this is kept across in-app navigation, also to a page of another workspace
  // (a link to another tenant's export): the URL's workspace is the one shown, and the header is asked for
  // again so its links and the remembered workspace follow. An organization's page (Admin) names no tenant
  // and asks for nothing: the header's own Admin link goes to the organization the header shows.
  const inUrl = splitWorkspacePath(usePathname())?.workspace;
  const fromUrl = inUrl ? choices.find((c) => key(c) === key(inUrl)) : null;
  const shown = fromUrl ? key(fromUrl) : selected;
  useEffect(() => {
    if (shown !== selected) router.refresh();
  }, [shown, selected, router]);
  // A refused choice: say why, and refresh (the list of choices may be out of date: a membership removed).
  // React resets the form after the action, so the select shows the kept workspace again.
  // A choice made on a page of the old workspace loads the new one's page, with nothing of the old kept.
  useEffect(() => {
    if (state && !state.ok) {
      toast.error("The workspace was not changed", { description: state.message });
      router.refresh();
    } else if (state?.ok && state.data.go) window.location.assign(state.data.go);
  }, [state, router]);
  const organizations = [...new Map(choices.map((c) => [c.organizationId, c.organizationName])).entries()];
  return (
    // Keyed by the selection: React resets a form after its action, which would show the old default.
    <form key={shown} ref={form} action={formAction} className="flex items-center gap-2">
      <label htmlFor="workspace" className="text-sm text-slate-600">
        Organization and tenant
      </label>
      <select
        id="workspace"
        name="workspace"
        defaultValue={shown}
        onChange={() => form.current?.requestSubmit()}
        className="h-9 max-w-64 rounded-md border border-slate-300 bg-white px-2 text-sm"
      >
        <option value="">Select…</option>
        {organizations.map(([orgId, orgName]) => (
          <optgroup key={orgId} label={orgName}>
            {choices
              .filter((c) => c.organizationId === orgId)
              .map((c) => (
                <option key={c.tenantId} value={`${c.organizationId}:${c.tenantId}`}>
                  {c.organizationName} / {c.tenantName}
                </option>
              ))}
          </optgroup>
        ))}
      </select>
      <noscript>
        <button type="submit" className="rounded-md bg-slate-100 px-2 text-sm">
          Switch
        </button>
      </noscript>
    </form>
  );
}

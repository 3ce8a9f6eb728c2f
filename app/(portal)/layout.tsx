import Link from "next/link";
import type { ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { can } from "@/lib/permissions/guard";
import { currentWorkspace, requireUser, workspaceAccess } from "@/app/_lib/session";
import { adminHref, schedulesHref, tokensHref, workspaceHref } from "@/lib/workspaces/url";
import { signOutAction } from "./actions";
import { WorkspaceSwitcher } from "./_components/workspace-switcher";

export default async function PortalLayout({ children }: { children: ReactNode }) {
  const user = await requireUser("/exports");
  const { choices, selected } = await currentWorkspace(user.id);
  // The link is a convenience; /admin and every admin change check the permission again themselves.
  // Without a workspace in use, an admin of any of the person's workspaces still sees it.
  const places = selected ? [selected] : choices;
  // The page in the selected workspace asks the same (cached per request), so this costs no lookup of its own.
  const administered = await Promise.all(places.map(async (c) => can(await workspaceAccess(user.id, c.organizationId, c.tenantId), "members.manage")));
  const adminOf = places.find((_, i) => administered[i]);
  // Every link carries its workspace; without one chosen, the old addresses ask for one (or move to the only one).
  const exportsHref = selected ? workspaceHref(selected) : "/exports";
  const schedulesLink = selected ? schedulesHref(selected) : "/schedules";
  const developerLink = selected ? tokensHref(selected) : "/settings/tokens";
  return (
    <div className="flex min-h-screen flex-col">
      {/* First in the tab order, so keyboard users can pass the header's links and switcher. */}
      <a
        href="#main"
        className="sr-only rounded-md bg-white px-3 py-2 text-sm font-medium text-indigo-800 focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50 focus:ring-2 focus:ring-indigo-500"
      >
        Skip to content
      </a>
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
          <Link href={exportsHref} className="font-semibold text-indigo-800">
            Data Export Portal
          </Link>
          <nav aria-label="Main" className="flex gap-4 text-sm">
            <Link href={exportsHref} className="text-slate-700 hover:text-slate-950">
              Exports
            </Link>
            <Link href={schedulesLink} className="text-slate-700 hover:text-slate-950">
              Schedules
            </Link>
            {selected ? (
              <Link href={workspaceHref(selected, "/exports/studies")} className="text-slate-700 hover:text-slate-950">
                Research studies
              </Link>
            ) : null}
            <Link href={developerLink} className="text-slate-700 hover:text-slate-950">
              Developer
            </Link>
            {adminOf ? (
              <Link href={adminHref(adminOf.organizationId)} className="text-slate-700 hover:text-slate-950">
                Admin
              </Link>
            ) : null}
          </nav>
          <div className="ml-auto flex flex-wrap items-center gap-3">
            <WorkspaceSwitcher choices={choices} selected={selected ? `${selected.organizationId}:${selected.tenantId}` : ""} />
            <span className="text-sm text-slate-600" data-testid="signed-in-as">
              {user.email}
            </span>
            <form action={signOutAction}>
              <Button type="submit" variant="outline" size="sm">
                Sign out
              </Button>
            </form>
          </div>
        </div>
      </header>
      <main id="main" tabIndex={-1} className="mx-auto w-full max-w-7xl flex-1 p-4 focus:outline-none">
        {children}
      </main>
    </div>
  );
}

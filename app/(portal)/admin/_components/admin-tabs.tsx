"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/lib/utils";
import { adminHref, splitPlacePath } from "@/lib/workspaces/url";

const TABS = [
  { section: "", label: "Overview", organizationOnly: false },
  { section: "/members", label: "Members", organizationOnly: false },
  { section: "/roles", label: "Roles", organizationOnly: true },
  { section: "/limits", label: "Limits", organizationOnly: true },
  { section: "/audit", label: "Audit log", organizationOnly: true },
  { section: "/webhooks", label: "Webhooks", organizationOnly: true },
] as const;

/** The admin sections as a nav (they are pages, not in-page tabs), marking the current one for screen readers. */
export function AdminTabs({ organizationId, organizationWide }: { organizationId: string; organizationWide: boolean }) {
  // The section after /o/{org}/admin, whichever of the page's two paths (the URL or the app's route) this reads.
  const pathname = usePathname();
  const here = (splitPlacePath(pathname)?.rest ?? pathname).slice("/admin".length);
  return (
    <nav aria-label="Admin sections" className="-mx-4 overflow-x-auto px-4">
      <ul className="flex min-w-max gap-1 border-b border-slate-200">
        {TABS.filter((t) => organizationWide || !t.organizationOnly).map((tab) => {
          const current = tab.section === "" ? here === "" : here.startsWith(tab.section);
          return (
            <li key={tab.section}>
              <Link
                href={adminHref(organizationId, tab.section)}
                aria-current={current ? "page" : undefined}
                className={cn(
                  "-mb-px inline-block border-b-2 px-3 py-2 text-sm font-medium focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500",
                  current ? "border-indigo-700 text-indigo-800" : "border-transparent text-slate-600 hover:text-slate-900",
                )}
              >
                {tab.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

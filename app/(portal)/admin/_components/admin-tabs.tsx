"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/lib/utils";

const TABS = [
  { href: "/admin", label: "Overview", organizationOnly: false },
  { href: "/admin/members", label: "Members", organizationOnly: false },
  { href: "/admin/roles", label: "Roles", organizationOnly: true },
  { href: "/admin/limits", label: "Limits", organizationOnly: true },
  { href: "/admin/audit", label: "Audit log", organizationOnly: true },
  { href: "/admin/webhooks", label: "Webhooks", organizationOnly: true },
] as const;

/** The admin sections as a nav (they are pages, not in-page tabs), marking the current one for screen readers. */
export function AdminTabs({ organizationWide }: { organizationWide: boolean }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Admin sections" className="-mx-4 overflow-x-auto px-4">
      <ul className="flex min-w-max gap-1 border-b border-slate-200">
        {TABS.filter((t) => organizationWide || !t.organizationOnly).map((tab) => {
          const current = tab.href === "/admin" ? pathname === "/admin" : pathname.startsWith(tab.href);
          return (
            <li key={tab.href}>
              <Link
                href={tab.href}
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

import type { Metadata } from "next";
import Link from "next/link";
import { adminHref } from "@/lib/workspaces/url";
import { adminContext } from "./_lib/context";

export const metadata: Metadata = { title: "Admin" };

const SECTIONS = [
  { section: "/members", title: "Members", text: "Who belongs to the organization, with which role, in all tenants or one.", organizationOnly: false },
  { section: "/roles", title: "Roles", text: "What each role may do and which realms its members may export.", organizationOnly: true },
  { section: "/limits", title: "Limits", text: "Rows per export, active exports per person, retention and date range.", organizationOnly: true },
  { section: "/audit", title: "Audit log", text: "Who requested, downloaded or changed what, when and from where.", organizationOnly: true },
] as const;

export default async function AdminOverviewPage() {
  const ctx = await adminContext();
  // The layout shows why there is nothing here.
  if (ctx.kind !== "ok") return null;
  const sections = SECTIONS.filter((s) => ctx.organizationWide || !s.organizationOnly);
  return (
    <div className="flex flex-col gap-3">
      {!ctx.organizationWide ? (
        <p className="text-sm text-slate-600">
          As a tenant admin you manage the members of {ctx.workspaceLabel}. Roles, limits and the audit log are for organization admins.
        </p>
      ) : null}
      <ul className="grid gap-3 sm:grid-cols-2">
        {sections.map((s) => (
          <li key={s.section}>
            <Link
              href={adminHref(ctx.place.organizationId, s.section)}
              className="block h-full rounded-lg border border-slate-200 bg-white p-4 shadow-sm hover:border-indigo-300 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500"
            >
              <span className="block font-semibold text-indigo-800">{s.title}</span>
              <span className="mt-1 block text-sm text-slate-600">{s.text}</span>
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}

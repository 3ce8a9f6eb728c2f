import type { Metadata } from "next";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Alert } from "@/components/ui/misc";
import { getDb } from "@/db/client";
import { listMembers } from "@/lib/admin/members";
import { adminContext, guardedRead } from "../_lib/context";
import { AddMemberForm } from "./_components/add-member-form";
import { MemberRow } from "./_components/member-row";

export const metadata: Metadata = { title: "Members" };

export default async function MembersPage() {
  const ctx = await adminContext();
  if (ctx.kind !== "ok") return null;
  const result = await guardedRead(() => listMembers(getDb(), ctx.actor, ctx.place));
  if (!result.ok) return <Alert tone="info">{result.message}</Alert>;
  const { members, roles, tenants, organizationWide } = result.data;
  const options = { roles, tenants, allowAllTenants: organizationWide };

  return (
    <div className="grid items-start gap-6 lg:grid-cols-[minmax(0,20rem)_minmax(0,1fr)]">
      <Card aria-labelledby="add-member-heading">
        <CardHeader>
          <CardTitle id="add-member-heading">Add a member</CardTitle>
          <p className="text-xs text-slate-600">New addresses can sign in right away with a link sent to them from the sign-in page.</p>
        </CardHeader>
        <CardContent>
          <AddMemberForm place={ctx.place} options={options} />
        </CardContent>
      </Card>
      <section aria-labelledby="members-heading" className="min-w-0">
        <h2 id="members-heading" className="mb-2 text-base font-semibold">
          Members <span className="font-normal text-slate-600">({members.length})</span>
        </h2>
        {members.length === 0 ? (
          <p className="rounded-lg border border-dashed border-slate-300 p-6 text-center text-sm text-slate-600">No members here yet. Add one with the form.</p>
        ) : (
          <ul aria-label="Members" className="flex flex-col divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white">
            {members.map((m) => (
              <MemberRow key={m.id} member={m} place={ctx.place} options={options} />
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

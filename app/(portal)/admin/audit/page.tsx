import type { Metadata } from "next";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { Input, Label, NativeSelect } from "@/components/ui/input";
import { Alert } from "@/components/ui/misc";
import { getDb } from "@/db/client";
import { AUDIT_ACTIONS, listAuditLog, type AuditFilters } from "@/lib/admin/audit-log";
import { isAppError } from "@/lib/errors/app-error";
import { adminHref } from "@/lib/workspaces/url";
import { adminContext, guardedRead } from "../_lib/context";
import { AuditTable } from "./audit-table";

export const metadata: Metadata = { title: "Audit log" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

function one(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export default async function AuditPage({ searchParams }: { searchParams: SearchParams }) {
  const ctx = await adminContext();
  if (ctx.kind !== "ok") return null;
  const params = await searchParams;
  const asked: AuditFilters = { action: one(params.action) ?? "", actor: one(params.actor) ?? "", from: one(params.from) ?? "", to: one(params.to) ?? "" };
  const cursor = one(params.cursor);
  const result = await guardedRead(async () => {
    try {
      return await listAuditLog(getDb(), ctx.actor, ctx.place, { ...asked, cursor });
    } catch (error) {
      // A stale or edited link or a bad filter (unknown action, a date that is not one, broken cursor) shows the newest events with the reason.
      if (isAppError(error) && error.code === "invalid") return { ...(await listAuditLog(getDb(), ctx.actor, ctx.place, {})), notice: error.message };
      throw error;
    }
  });
  if (!result.ok) return <Alert tone="info">{result.message}</Alert>;
  const page = result.data;
  const notice = "notice" in page ? page.notice : null;
  // The filters in force: none when they were refused. Empty ones stay out of the page links.
  const filters: AuditFilters = notice ? {} : Object.fromEntries(Object.entries(asked).filter(([, v]) => v));
  const filter = filters.action ?? "";
  const filtered = Object.keys(filters).length > 0;
  const href = (extra: Record<string, string> = {}) => {
    const query = new URLSearchParams({ ...filters, ...extra }).toString();
    return adminHref(ctx.place.organizationId, query ? `/audit?${query}` : "/audit");
  };

  return (
    <div className="flex flex-col gap-4">
      <form method="get" className="flex flex-wrap items-end gap-2" aria-label="Filter the audit log">
        <div className="flex flex-col gap-1.5">
          <Label htmlFor="audit-action">Action</Label>
          <NativeSelect id="audit-action" name="action" defaultValue={filter} className="w-56">
            <option value="">All actions</option>
            {AUDIT_ACTIONS.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </NativeSelect>
        </div>
        <div className="flex flex-col gap-1.5">
          <Label htmlFor="audit-actor">Actor email</Label>
          <Input id="audit-actor" name="actor" type="search" defaultValue={filters.actor ?? ""} placeholder="e.g. analyst@" className="w-56" />
        </div>
        <div className="flex flex-col gap-1.5">
          <Label htmlFor="audit-from">From (UTC)</Label>
          <Input id="audit-from" name="from" type="date" defaultValue={filters.from ?? ""} className="w-40" />
        </div>
        <div className="flex flex-col gap-1.5">
          <Label htmlFor="audit-to">To (UTC)</Label>
          <Input id="audit-to" name="to" type="date" defaultValue={filters.to ?? ""} className="w-40" />
        </div>
        <Button type="submit" variant="outline">
          Show
        </Button>
      </form>
      {notice ? <Alert tone="warning">{notice}</Alert> : null}
      {page.items.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 p-6 text-center text-sm text-slate-600">
          {filtered ? "No audit events match these filters." : "No audit events yet."}
        </p>
      ) : (
        <AuditTable items={page.items} />
      )}
      <nav aria-label="Audit log pages" className="flex gap-4 text-sm">
        {cursor && !notice ? (
          <Link href={href()} className="text-indigo-700 hover:underline">
            Newest events
          </Link>
        ) : null}
        {page.nextCursor ? (
          <Link href={href({ cursor: page.nextCursor })} className="text-indigo-700 hover:underline">
            Older events
          </Link>
        ) : null}
      </nav>
    </div>
  );
}

"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { RefreshCw } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Alert, Skeleton } from "@/components/ui/misc";
import { cn } from "@/lib/utils";
import { exportListOptions } from "../_lib/queries";
import type { Workspace } from "../_lib/types";
import { EmptyState } from "./empty-state";
import { COLUMNS, ExportRow } from "./export-row";
import { StatusAnnouncer } from "./status-announcer";

/** The status table: every export of the tenant (or only mine), refreshed every 2 s while any is active. */
export function ExportsPanel({ workspace, canCreate }: { workspace: Workspace; canCreate: boolean }) {
  const [onlyMine, setOnlyMine] = useState(false);
  const list = useInfiniteQuery(exportListOptions(workspace, onlyMine));
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  // Rows exist only once data arrived, so its time is the "now" they are shown against.
  const now = list.dataUpdatedAt;

  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-wrap items-center gap-3">
        <h2 id="exports-heading" className="text-base font-semibold text-slate-900">
          Requested exports
        </h2>
        <label className="ml-auto flex items-center gap-2 text-sm text-slate-700">
          <input type="checkbox" className="size-4 accent-indigo-700" checked={onlyMine} onChange={(e) => setOnlyMine(e.target.checked)} />
          Only mine
        </label>
        <Button variant="outline" size="sm" onClick={() => void list.refetch()} disabled={list.isFetching} aria-label="Refresh the list of exports">
          <RefreshCw aria-hidden className={list.isFetching ? "size-4 animate-spin" : "size-4"} />
          Refresh
        </Button>
      </div>
      <StatusAnnouncer items={items} />

      {list.isError ? <Alert tone="error">The exports could not be loaded: {list.error.message}</Alert> : null}

      {list.isPending ? (
        <div className="flex flex-col gap-2" aria-busy="true" aria-label="Loading exports" data-testid="exports-loading">
          {Array.from({ length: 4 }, (_, i) => (
            <Skeleton key={i} className="h-10 w-full" />
          ))}
        </div>
      ) : items.length === 0 && !list.isError ? (
        <EmptyState canCreate={canCreate} onlyMine={onlyMine} />
      ) : items.length > 0 ? (
        <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white" role="region" aria-label="Exports table" tabIndex={0}>
          <table className="min-w-full text-left text-sm">
            <caption className="sr-only">
              Exports of {workspace.organizationName} / {workspace.tenantName}, newest first
            </caption>
            <thead className="bg-slate-50 text-xs text-slate-600">
              <tr>
                {COLUMNS.map((c) => (
                  <th
                    key={c}
                    scope="col"
                    className={cn(
                      "px-2 py-2 font-medium whitespace-nowrap",
                      (c === "Rows" || c === "Archive size") && "text-right",
                      c === "Actions" && "sticky right-0 bg-slate-50",
                    )}
                  >
                    {c === "Actions" ? <span className="sr-only">Actions</span> : c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {items.map((e) => (
                <ExportRow key={e.id} e={e} workspace={workspace} now={now} />
              ))}
            </tbody>
          </table>
        </div>
      ) : null}

      {list.hasNextPage ? (
        <Button variant="outline" className="self-center" onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>
          {list.isFetchingNextPage ? "Loading…" : "Load more"}
        </Button>
      ) : null}
    </div>
  );
}

"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { RefreshCw } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Alert, Skeleton } from "@/components/ui/misc";
import { cn } from "@/lib/utils";
import { isUnfiltered, NO_FILTERS, type ListFilters } from "../_lib/list-filters";
import { exportListOptions } from "../_lib/queries";
import type { ExportPage, Workspace } from "../_lib/types";
import { EmptyState } from "./empty-state";
import { COLUMNS, ExportRow } from "./export-row";
import { ListFilterBar } from "./list-filter-bar";
import { StatusAnnouncer } from "./status-announcer";

interface Props {
  workspace: Workspace;
  canCreate: boolean;
  realms: { id: string; label: string }[];
  /** The unfiltered first page as the server rendered it, and when. */
  firstPage: { page: ExportPage; at: number } | null;
}

/**
 * The status table: the tenant's exports, filtered as chosen, refreshed every 2 s while any is active. Below
 * the md breakpoint each row is laid out as a card, status first, so nothing scrolls sideways on a phone.
 */
export function ExportsPanel({ workspace, canCreate, realms, firstPage }: Props) {
  const [filters, setFilters] = useState<ListFilters>(NO_FILTERS);
  const list = useInfiniteQuery(exportListOptions(workspace, filters, isUnfiltered(filters) ? firstPage : null));
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-wrap items-center gap-3">
        <h2 id="exports-heading" className="text-base font-semibold text-slate-900">
          Requested exports
        </h2>
        <Button
          variant="outline"
          size="sm"
          className="ml-auto"
          onClick={() => void list.refetch()}
          disabled={list.isFetching}
          aria-label="Refresh the list of exports"
        >
          <RefreshCw aria-hidden className={list.isFetching ? "size-4 animate-spin" : "size-4"} />
          Refresh
        </Button>
      </div>
      <ListFilterBar filters={filters} onChange={setFilters} realms={realms} />
      <StatusAnnouncer items={items} />

      {list.isError ? <Alert tone="error">The exports could not be loaded: {list.error.message}</Alert> : null}

      {list.isPending ? (
        <div className="flex flex-col gap-2" aria-busy="true" aria-label="Loading exports" data-testid="exports-loading">
          {Array.from({ length: 4 }, (_, i) => (
            <Skeleton key={i} className="h-10 w-full" />
          ))}
        </div>
      ) : items.length === 0 && !list.isError ? (
        <EmptyState canCreate={canCreate} onlyMine={filters.onlyMine} filtered={!isUnfiltered({ ...filters, onlyMine: false, sort: "newest" })} />
      ) : items.length > 0 ? (
        <div
          className="relative overflow-x-auto rounded-lg border-slate-200 md:border md:bg-white"
          role="region"
          aria-label="Exports table"
          tabIndex={0}
          data-testid="exports-table"
        >
          <table className="block w-full text-left text-sm md:table md:min-w-full">
            <caption className="sr-only">
              Exports of {workspace.organizationName} / {workspace.tenantName}, {filters.sort} first
            </caption>
            {/* On a phone the rows are cards that label their own values; the header row is for the table layout. */}
            <thead className="sr-only bg-slate-50 text-xs text-slate-600 md:not-sr-only md:table-header-group">
              <tr>
                {COLUMNS.map((c) => (
                  <th
                    key={c}
                    scope="col"
                    className={cn(
                      "px-2 py-2 font-medium whitespace-nowrap",
                      (c === "Rows" || c === "Archive size") && "text-right",
                      c === "Actions" && "right-0 bg-slate-50 md:sticky",
                    )}
                  >
                    {c === "Actions" ? <span className="sr-only">Actions</span> : c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="flex flex-col gap-3 md:table-row-group md:divide-y md:divide-slate-100">
              {items.map((e) => (
                <ExportRow key={e.id} e={e} workspace={workspace} />
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

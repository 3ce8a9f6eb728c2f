import { infiniteQueryOptions, keepPreviousData, queryOptions } from "@tanstack/react-query";
import { apiFetch } from "./api";
import { filterParams, type ListFilters } from "./list-filters";
import type { Estimate, ExportPage, Preview, Workspace } from "./types";

type WorkspaceRef = Pick<Workspace, "organizationId" | "tenantId">;

const PAGE_SIZE = 25;
const ACTIVE_POLL_MS = 2_000;

export const exportKeys = {
  all: ["exports"] as const,
  lists: (ws: WorkspaceRef) => ["exports", "list", ws.organizationId, ws.tenantId] as const,
  list: (ws: WorkspaceRef, filters: ListFilters) => [...exportKeys.lists(ws), filters] as const,
};

const isActive = (status: string) => status === "pending" || status === "running";

export const LIST_PAGE_SIZE = PAGE_SIZE;

/**
 * The tenant's exports, newest (or oldest) first and filtered, paged on the server's keyset cursor. Polls
 * every 2 s while any loaded export is pending or running, and not at all otherwise or while the tab is
 * hidden. The server renders the unfiltered first page; it is the list's initial data, so no fetch waits.
 */
export function exportListOptions(ws: WorkspaceRef, filters: ListFilters, first?: { page: ExportPage; at: number } | null) {
  return infiniteQueryOptions({
    queryKey: exportKeys.list(ws, filters),
    ...(first ? { initialData: { pages: [first.page], pageParams: [null] }, initialDataUpdatedAt: first.at } : {}),
    queryFn: ({ pageParam, signal }) => {
      const params = new URLSearchParams({ organizationId: ws.organizationId, tenantId: ws.tenantId, ...filterParams(filters), limit: String(PAGE_SIZE) });
      if (pageParam) params.set("cursor", pageParam);
      return apiFetch<ExportPage>(`/api/v1/exports?${params}`, { signal });
    },
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    refetchInterval: (query) => (query.state.data?.pages.some((p) => p.items.some((e) => isActive(e.status))) ? ACTIVE_POLL_MS : false),
    refetchIntervalInBackground: false,
  });
}

/** The row estimate for a request being filled in; keeps the last answer on screen while the next loads. */
export function estimateOptions(ws: WorkspaceRef, requestJson: string | null) {
  return queryOptions({
    queryKey: ["exports", "estimate", ws.organizationId, requestJson] as const,
    queryFn: ({ signal }) => apiFetch<Estimate>("/api/v1/exports/estimate", { method: "POST", body: withOrganization(ws, requestJson), signal }),
    enabled: requestJson !== null,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
    retry: false,
  });
}

/** Sample rows of the chosen realm in the chosen scope and dates. */
export function previewOptions(ws: WorkspaceRef, requestJson: string | null) {
  return queryOptions({
    queryKey: ["exports", "preview", ws.organizationId, requestJson] as const,
    queryFn: ({ signal }) => apiFetch<Preview>("/api/v1/exports/preview", { method: "POST", body: withOrganization(ws, requestJson), signal }),
    enabled: requestJson !== null,
    placeholderData: keepPreviousData,
    staleTime: 60_000,
    retry: false,
  });
}

function withOrganization(ws: WorkspaceRef, requestJson: string | null): string {
  return JSON.stringify({ organizationId: ws.organizationId, ...(JSON.parse(requestJson ?? "{}") as object) });
}

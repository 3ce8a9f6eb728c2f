import { infiniteQueryOptions, keepPreviousData, queryOptions } from "@tanstack/react-query";
import { apiFetch } from "./api";
import type { Estimate, ExportPage, Preview, Workspace } from "./types";

type WorkspaceRef = Pick<Workspace, "organizationId" | "tenantId">;

const PAGE_SIZE = 25;
const ACTIVE_POLL_MS = 2_000;

export const exportKeys = {
  all: ["exports"] as const,
  lists: (ws: WorkspaceRef) => ["exports", "list", ws.organizationId, ws.tenantId] as const,
  list: (ws: WorkspaceRef, onlyMine: boolean) => [...exportKeys.lists(ws), { onlyMine }] as const,
};

const isActive = (status: string) => status === "pending" || status === "running";

/**
 * The tenant's exports, newest first, paged on the server's keyset cursor. Polls every 2 s while any
 * loaded export is pending or running, and not at all otherwise or while the tab is hidden.
 */
export function exportListOptions(ws: WorkspaceRef, onlyMine: boolean) {
  return infiniteQueryOptions({
    queryKey: exportKeys.list(ws, onlyMine),
    queryFn: ({ pageParam, signal }) => {
      const params = new URLSearchParams({ organizationId: ws.organizationId, tenantId: ws.tenantId, onlyMine: String(onlyMine), limit: String(PAGE_SIZE) });
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

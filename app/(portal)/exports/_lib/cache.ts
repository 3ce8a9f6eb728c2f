import type { InfiniteData, QueryClient } from "@tanstack/react-query";
import { exportKeys } from "./queries";
import type { ExportPage, ExportView, Workspace } from "./types";

type WorkspaceRef = Pick<Workspace, "organizationId" | "tenantId">;

/** Puts a just-created export at the top of every loaded list of the tenant, then asks the server for the truth. */
export async function showCreatedExport(client: QueryClient, ws: WorkspaceRef, created: ExportView) {
  client.setQueriesData<InfiniteData<ExportPage, string | null>>({ queryKey: exportKeys.lists(ws) }, (data) => {
    if (!data) return data;
    const [first, ...rest] = data.pages;
    if (!first || first.items.some((e) => e.id === created.id)) return data;
    return { ...data, pages: [{ ...first, items: [created, ...first.items] }, ...rest] };
  });
  await client.invalidateQueries({ queryKey: exportKeys.lists(ws) });
}

/** Drops a deleted export from every loaded list at once, before the refetch confirms it. */
export async function hideDeletedExport(client: QueryClient, ws: WorkspaceRef, id: string) {
  client.setQueriesData<InfiniteData<ExportPage, string | null>>({ queryKey: exportKeys.lists(ws) }, (data) =>
    data ? { ...data, pages: data.pages.map((p) => ({ ...p, items: p.items.filter((e) => e.id !== id) })) } : data,
  );
  await client.invalidateQueries({ queryKey: exportKeys.lists(ws) });
}

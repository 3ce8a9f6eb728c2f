import { countActiveExports, listExports, type ExportCursor, type ListFilters } from "@/db/queries/exports";
import { getUsageLimits } from "@/db/queries/organization-settings";
import { partitionSummaries } from "@/db/queries/export-partitions";
import type { Actor } from "../permissions/actor";
import { requireAccess } from "../permissions/guard";
import type { ExportDeps } from "./service";

/** A page of a tenant's exports for a caller with read access there, newest first unless asked otherwise. */
export async function listTenantExports(
  deps: Pick<ExportDeps, "db">,
  actor: Actor,
  q: ListFilters & { organizationId: string; tenantId: string; onlyMine?: boolean; cursor?: ExportCursor | null; limit?: number },
) {
  const access = await requireAccess(
    deps.db,
    { userId: actor.userId, organizationId: q.organizationId, tenantId: q.tenantId },
    "data.exports.read",
    actor.restrict,
  );
  const limit = Math.min(Math.max(q.limit ?? 25, 1), 100);
  const items = await listExports(deps.db, { ...q, requestedBy: q.onlyMine ? actor.userId : undefined, limit: limit + 1 });
  const rows = items.slice(0, limit);
  const last = rows[rows.length - 1];
  // Running exports say what their run is doing (planning, partitions done, retrying, packaging): one query for the page.
  const summaries = await partitionSummaries(
    deps.db,
    rows.filter((r) => r.status === "running").map((r) => r.id),
  );
  const page = rows.map((r) => (summaries.has(r.id) ? { ...r, partitionSummary: summaries.get(r.id) } : r));
  return {
    access,
    items: page,
    nextCursor: items.length > limit && last ? { createdAt: last.createdAtExact, id: last.id } : null,
  };
}

/**
 * The organization's usage limits as they apply to the caller in one tenant (read access there), with how
 * many of their exports are queued or running now, counted as queueExport counts them.
 */
export async function tenantUsage(deps: Pick<ExportDeps, "db">, actor: Actor, q: { organizationId: string; tenantId: string }) {
  await requireAccess(deps.db, { userId: actor.userId, ...q }, "data.exports.read", actor.restrict);
  const [limits, active] = await Promise.all([
    getUsageLimits(deps.db, q.organizationId),
    countActiveExports(deps.db, { organizationId: q.organizationId, userId: actor.userId }),
  ]);
  return { limits, active };
}

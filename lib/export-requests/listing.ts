import { countActiveExports, listExports, type ExportCursor, type ListFilters } from "@/db/queries/exports";
import { getUsageLimits } from "@/db/queries/organization-settings";
import { partitionSummaries } from "@/db/queries/export-partitions";
import type { Actor } from "../permissions/actor";
import { AppError } from "../errors/app-error";
import { can, requireAccess, type Access } from "../permissions/guard";
import type { ExportDeps } from "./service";

type ListQuery = ListFilters & { organizationId: string; tenantId: string; onlyMine?: boolean; cursor?: ExportCursor | null; limit?: number };

/** A page of a tenant's exports for a caller with read access there, newest first unless asked otherwise. */
export async function listTenantExports(deps: Pick<ExportDeps, "db">, actor: Actor, q: ListQuery) {
  const access = await requireAccess(
    deps.db,
    { userId: actor.userId, organizationId: q.organizationId, tenantId: q.tenantId },
    "data.exports.read",
    actor.restrict,
  );
  return listWithAccess(deps, access, q);
}

/**
 * The same page for a signed-in person whose access in the tenant the caller resolved already (the Exports
 * page asks once per render for everything it shows). The access must be that person's in this very tenant,
 * without a token's limits, and must include data.exports.read; anything else is refused as listTenantExports refuses it.
 */
export async function listTenantExportsWithAccess(deps: Pick<ExportDeps, "db">, access: Access | null, q: ListQuery & { userId: string }) {
  if (!access || access.userId !== q.userId || access.organizationId !== q.organizationId || access.tenantId !== q.tenantId)
    throw AppError.notFound("Tenant not found");
  if (!can(access, "data.exports.read"))
    throw new AppError("forbidden", "You don't have the data.exports.read permission here. Ask an organization or tenant admin.");
  return listWithAccess(deps, access, q);
}

async function listWithAccess(deps: Pick<ExportDeps, "db">, access: Access, q: ListQuery) {
  const limit = Math.min(Math.max(q.limit ?? 25, 1), 100);
  const items = await listExports(deps.db, { ...q, requestedBy: q.onlyMine ? access.userId : undefined, limit: limit + 1 });
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

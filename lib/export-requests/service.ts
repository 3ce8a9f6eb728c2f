import type { Db, Sql } from "@/db/client";
import { sql } from "drizzle-orm";
import { countActiveExports, findActiveByFingerprint, getExport, insertExport, listExports, transitionExport, type ExportCursor } from "@/db/queries/exports";
import { getUsageLimits } from "@/db/queries/organization-settings";
import type { ExportRow } from "@/db/schema";
import { recordAudit, type RequestContext } from "../audit/record";
import { AppError } from "../errors/app-error";
import { parseForPeople } from "../errors/field-errors";
import { estimateRows, validateRequest, type ExportRequest } from "../exports";
import { hasExpired } from "../downloads/authorize";
import { can, requireAccess, type Access, type TokenRestriction } from "../permissions/guard";
import { requestFingerprint } from "./fingerprint";
import { exportRequestInput, REQUEST_WORDS, type ExportRequestInput } from "./input";
import { isExportRequestError, refusalOf } from "./refusals";
import { validateExportRequest } from "./validate";

export interface Actor {
  userId: string;
  context: RequestContext;
  /** Set when the caller is an API token: every access check is narrowed to the token's limits. */
  restrict?: TokenRestriction | null;
}

/** How the service hands work to the job engine; the app passes the Inngest client's send. */
export interface ExportEvents {
  requested(data: { exportId: string; organizationId: string; tenantId: string; requestedBy: string }): Promise<void>;
  cancelled(data: { exportId: string; organizationId: string; tenantId: string; cancelledBy: string }): Promise<void>;
}

export interface ExportDeps {
  db: Db;
  /** Warehouse reads (a replica when configured). */
  warehouse: Sql;
  events: ExportEvents;
  /** Deletes a stored archive; missing files are fine. */
  deleteFile(storageKey: string): Promise<void>;
  /** Whether a stored archive is still there. */
  fileExists(storageKey: string): Promise<boolean>;
  estimate?: typeof estimateRows;
  now?: () => Date;
}

export function parseExportRequest(raw: unknown): ExportRequestInput {
  return parseForPeople(exportRequestInput, raw, REQUEST_WORDS);
}

/**
 * A request checked exactly as a real one would be — parse, create permission, realm rights, scope, dates
 * and range limit — without creating anything. The estimate and the sample rows use it, so the warehouse
 * never shows rows the user could not export.
 */
export async function checkDraft(db: Db, actor: Actor, organizationId: string, raw: unknown) {
  const input = parseExportRequest(raw);
  const access = await requireAccess(db, { userId: actor.userId, organizationId, tenantId: input.tenantId }, "data.exports.create", actor.restrict);
  const limits = await getUsageLimits(db, organizationId);
  const checked = await validateExportRequest(db, access, input, limits);
  const request: ExportRequest & { fields: string[]; scopeLabel: string } = {
    organizationId,
    tenantId: input.tenantId,
    scope: checked.scope,
    realm: input.realm,
    fields: checked.fields,
    filters: input.filters,
    dateFrom: input.from,
    dateTo: input.to,
    timezone: input.timezone,
    format: input.format,
    options: input.options,
    scopeLabel: checked.scopeLabel,
  };
  // The engine's own checks (value types, JSON fields, what Postgres can read) run here, once, so they
  // answer 422 with the field named before anything reaches the warehouse.
  try {
    validateRequest(request);
  } catch (error) {
    if (isExportRequestError(error)) throw refusalOf(error, input);
    throw error;
  }
  return { input, request, limits };
}

/** An export as createExport hands it back: newly queued, or the identical one already pending or running. */
export type CreatedExport = ExportRow & { reused: boolean };

/**
 * Validates and queues one export: permission, scope, realm, fields, dates, usage limits, then the
 * pending row and its audit event in one transaction, then the export/requested event. A request identical
 * to one of the requester's exports still pending or running returns that export (reused) instead: a
 * transaction-scoped advisory lock on the request's fingerprint makes this hold for simultaneous requests,
 * and a unique partial index on the fingerprint backs it up.
 */
export async function createExport(
  deps: ExportDeps,
  actor: Actor,
  organizationId: string,
  raw: unknown,
  opts: { resubmittedFrom?: string } = {},
): Promise<CreatedExport> {
  const { db } = deps;
  const { input, request, limits } = await checkDraft(db, actor, organizationId, raw);
  const fingerprint = requestFingerprint({ ...request, filters: input.filters, options: input.options, requestedBy: actor.userId });

  const already = await findActiveByFingerprint(db, fingerprint);
  if (already) return { ...already, reused: true };

  const active = await countActiveExports(db, { organizationId, userId: actor.userId });
  if (active >= limits.maxActiveExportsPerUser) {
    throw new AppError(
      "limit_exceeded",
      `You already have ${active} exports queued or running, the most your organization allows. Wait for one to finish or cancel one.`,
    );
  }
  const estimate = await (deps.estimate ?? estimateRows)(deps.warehouse, request);
  if (estimate.rows > limits.maxRowsPerExport) {
    const message = `About ${estimate.rows.toLocaleString("en")} rows, more than the ${limits.maxRowsPerExport.toLocaleString("en")} your organization allows in one export. Narrow the date range or scope.`;
    throw new AppError("limit_exceeded", message, { rows: message });
  }

  const outcome = await db.transaction(async (tx) => {
    // Held until commit: a simultaneous identical request waits here, then finds this one's row.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${fingerprint}, 0))`);
    const twin = await findActiveByFingerprint(tx, fingerprint);
    if (twin) return { row: twin, reused: true };
    const created = await insertExport(tx, {
      organizationId,
      tenantId: input.tenantId,
      requestedBy: actor.userId,
      scope: request.scope,
      scopeLabel: request.scopeLabel,
      realm: input.realm,
      fields: request.fields,
      filters: input.filters,
      dateFrom: input.from,
      dateTo: input.to,
      timezone: input.timezone,
      format: input.format,
      options: input.options,
      rowsEstimate: estimate.rows,
      resubmittedFrom: opts.resubmittedFrom ?? null,
      requestFingerprint: fingerprint,
    });
    await recordAudit(tx, {
      organizationId,
      tenantId: input.tenantId,
      actorUserId: actor.userId,
      action: opts.resubmittedFrom ? "export.resubmitted" : "export.requested",
      exportId: created.id,
      context: actor.context,
      details: opts.resubmittedFrom ? { resubmittedFrom: opts.resubmittedFrom } : { realm: input.realm, format: input.format },
    });
    return { row: created, reused: false };
  });
  if (outcome.reused) return { ...outcome.row, reused: true };
  const row = outcome.row;

  try {
    await deps.events.requested({ exportId: row.id, organizationId, tenantId: input.tenantId, requestedBy: actor.userId });
  } catch (cause) {
    console.error(`export ${row.id}: the job engine did not accept export/requested`, cause);
    await transitionExport(db, row.id, ["pending"], {
      status: "failed",
      error: "The export could not be queued because the job engine did not answer. Resubmit it in a minute.",
      completedAt: new Date(),
    });
    throw new AppError("internal", "The export could not be queued because the job engine did not answer. Try again in a minute.", {}, { cause });
  }
  return { ...row, reused: false };
}

export async function listTenantExports(
  deps: Pick<ExportDeps, "db">,
  actor: Actor,
  q: { organizationId: string; tenantId: string; onlyMine?: boolean; cursor?: ExportCursor | null; limit?: number },
) {
  const access = await requireAccess(
    deps.db,
    { userId: actor.userId, organizationId: q.organizationId, tenantId: q.tenantId },
    "data.exports.read",
    actor.restrict,
  );
  const limit = Math.min(Math.max(q.limit ?? 25, 1), 100);
  const items = await listExports(deps.db, { ...q, requestedBy: q.onlyMine ? actor.userId : undefined, limit: limit + 1 });
  const page = items.slice(0, limit);
  const last = page[page.length - 1];
  return {
    access,
    items: page,
    nextCursor: items.length > limit && last ? { createdAt: last.createdAtExact, id: last.id } : null,
  };
}

export async function getTenantExport(deps: Pick<ExportDeps, "db">, actor: Actor, q: { organizationId: string; tenantId: string; id: string }) {
  const access = await requireAccess(
    deps.db,
    { userId: actor.userId, organizationId: q.organizationId, tenantId: q.tenantId },
    "data.exports.read",
    actor.restrict,
  );
  const row = await getExport(deps.db, q);
  if (!row) throw AppError.notFound("Export not found");
  return { access, row };
}

/** Own exports need data.exports.create; other people's need data.exports.manage. */
function mayChange(access: Access, row: ExportRow): boolean {
  return row.requestedBy === access.userId ? can(access, "data.exports.create") || can(access, "data.exports.manage") : can(access, "data.exports.manage");
}

export async function cancelExport(deps: ExportDeps, actor: Actor, q: { organizationId: string; tenantId: string; id: string }) {
  const { access, row } = await getTenantExport(deps, actor, q);
  if (!mayChange(access, row)) throw new AppError("forbidden", "You can cancel only your own exports. Ask a tenant admin to cancel this one.");
  const cancelled = await deps.db.transaction(async (tx) => {
    const updated = await transitionExport(tx, row.id, ["pending", "running"], { status: "cancelled", completedAt: new Date() });
    if (!updated) return null;
    await recordAudit(tx, {
      organizationId: q.organizationId,
      tenantId: q.tenantId,
      actorUserId: actor.userId,
      action: "export.cancelled",
      exportId: row.id,
      context: actor.context,
    });
    return updated;
  });
  if (!cancelled) throw new AppError("conflict", `This export is ${row.status} and can no longer be cancelled.`);
  await deps.events.cancelled({ exportId: row.id, organizationId: q.organizationId, tenantId: q.tenantId, cancelledBy: actor.userId });
  return cancelled;
}

export async function deleteExport(deps: ExportDeps, actor: Actor, q: { organizationId: string; tenantId: string; id: string }) {
  const { access, row } = await getTenantExport(deps, actor, q);
  if (!mayChange(access, row)) throw new AppError("forbidden", "You can delete only your own exports. Ask a tenant admin to delete this one.");
  const now = new Date();
  await deps.db.transaction(async (tx) => {
    const wasActive = row.status === "pending" || row.status === "running";
    const updated = await transitionExport(tx, row.id, [row.status], {
      deletedAt: now,
      ...(wasActive ? { status: "cancelled" as const, completedAt: now } : {}),
    });
    if (!updated) throw new AppError("conflict", "This export changed while you were deleting it. Refresh and try again.");
    await recordAudit(tx, {
      organizationId: q.organizationId,
      tenantId: q.tenantId,
      actorUserId: actor.userId,
      action: "export.deleted",
      exportId: row.id,
      context: actor.context,
    });
  });
  if (row.status === "pending" || row.status === "running") {
    await deps.events.cancelled({ exportId: row.id, organizationId: q.organizationId, tenantId: q.tenantId, cancelledBy: actor.userId });
  }
  if (row.storageKey) await deps.deleteFile(row.storageKey);
}

/**
 * A new request with the same parameters as a failed, cancelled or expired one, or a done one whose file is
 * gone from storage, checked again as if new.
 */
export async function resubmitExport(deps: ExportDeps, actor: Actor, q: { organizationId: string; tenantId: string; id: string }) {
  const { row } = await getTenantExport(deps, actor, q);
  const again =
    ["failed", "cancelled"].includes(row.status) ||
    hasExpired(row) ||
    // Storage is asked last, only about a done export that would otherwise be refused.
    (row.status === "done" && !(row.storageKey && (await deps.fileExists(row.storageKey))));
  if (!again) {
    throw new AppError("conflict", `Only failed, cancelled or expired exports, or those whose file is gone, can be resubmitted; this one is ${row.status}.`);
  }
  return createExport(deps, actor, q.organizationId, requestOf(row), { resubmittedFrom: row.id });
}

/** The request an export was made from, as a client would send it again (also used for "Copy API request"). */
export function requestOf(row: ExportRow): ExportRequestInput {
  return {
    tenantId: row.tenantId,
    scope:
      row.scope.type === "apps" ? { type: "apps", appIds: row.scope.appIds, ...(row.scope.projectId ? { projectId: row.scope.projectId } : {}) } : row.scope,
    realm: row.realm,
    fields: row.fields,
    filters: row.filters,
    from: row.dateFrom,
    to: row.dateTo,
    timezone: row.timezone,
    format: row.format,
    options: { csvBom: row.options.csvBom ?? false, formulaGuard: row.options.formulaGuard ?? true },
  };
}

import type { Db, Sql } from "@/db/client";
import { sql } from "drizzle-orm";
import { countActiveExports, findActiveByFingerprint, getExport, insertExport, transitionExport } from "@/db/queries/exports";
import { getUsageLimits, type UsageLimits } from "@/db/queries/organization-settings";
import type { ExportRow } from "@/db/schema";
import { recordAudit } from "../audit/record";
import { AppError } from "../errors/app-error";
import { parseForPeople } from "../errors/field-errors";
import { validateRequest, type estimateRows } from "../exports";
import { tooManyPartsMessage } from "./part-bounds";
import type { Actor } from "../permissions/actor";
import { requireAccess, type Access } from "../permissions/guard";
import { getRealm } from "../realms/catalog";
import { requestFingerprint } from "./fingerprint";
import { exportNameOf } from "./name";
import { exportRequestInput, REQUEST_WORDS, type ExportRequestInput } from "./input";
import { isExportRequestError, refusalOf } from "./refusals";
import { estimateRealms, realmRefusal } from "./realms";
import { checkedRequest, clientRequestOf, realmRequestsOf, requestOfRow, type CheckedRequest } from "./request";
import { endedWithoutFile, mayChange } from "./rules";
import { validateExportRequest } from "./validate";
import { checkpointColumns, countedNow, resolveSince } from "../export-checkpoints/since";

/*
 * Each operation comes in two parts: a guard that checks the caller may act and hands back what it resolved
 * (the access, the export, the checked request), and the change itself, which takes the guard's answer. The
 * API routes and the portal's action wrapper run the guard, then the change, and build their answer from
 * the same access; the one-call forms (createExport, cancelExport, …) compose the two.
 */

/** How the service hands work to the job engine; the app passes the Inngest client's send. */
export interface ExportEvents {
  /** With an id, the engine keeps one event however often it is sent. */
  requested(data: { exportId: string; organizationId: string; tenantId: string; requestedBy: string }, opts?: { id?: string }): Promise<void>;
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

/** The address of one export, as routes and actions name it. */
export interface ExportRef {
  organizationId: string;
  tenantId: string;
  id: string;
}

/** An export its caller may read, with the access that let them. */
export interface FoundExport {
  access: Access;
  row: ExportRow;
}

/** A request that passed every check and may be queued, with the access it was checked against. */
export interface Draft {
  input: ExportRequestInput;
  request: CheckedRequest;
  limits: UsageLimits;
  access: Access;
  /** Set when the draft repeats an earlier export's request. */
  resubmittedFrom?: string;
  /** Set for a schedule's run: the schedule, and the id of its export/requested event (the same for every attempt). */
  run?: { scheduleId: string; eventId: string };
}

export function parseExportRequest(raw: unknown): ExportRequestInput {
  return parseForPeople(exportRequestInput, raw, REQUEST_WORDS);
}

/**
 * A request checked exactly as a real one would be — parse, create permission, realm rights, scope, dates
 * and range limit — without creating anything. The estimate and the sample rows use it, so the warehouse
 * never shows rows the user could not export.
 */
export async function checkDraft(db: Db, actor: Actor, organizationId: string, raw: unknown): Promise<Draft> {
  const input = parseExportRequest(raw);
  const access = await requireAccess(db, { userId: actor.userId, organizationId, tenantId: input.tenantId }, "data.exports.create", actor.restrict);
  const limits = await getUsageLimits(db, organizationId);
  const request = checkedRequest(organizationId, await validateExportRequest(db, access, input, limits));
  request.since = await resolveSince(db, request, input);
  // The engine's own checks (value types, JSON fields, what Postgres can read) run here, once, so they
  // answer 422 with the field named before anything reaches the warehouse.
  // Each realm is its own engine request; with several, a refusal says which realm it is about.
  realmRequestsOf(request).forEach((one, i) => {
    try {
      validateRequest(one);
    } catch (error) {
      if (!isExportRequestError(error)) throw error;
      if (!input.realms) throw refusalOf(error, input);
      throw realmRefusal(refusalOf(error, input.realms[i]), getRealm(one.realm)?.label ?? one.realm);
    }
  });
  return { input, request, limits, access };
}

/** An export as createExport hands it back: newly queued, or the identical one already pending or running. */
export type CreatedExport = ExportRow & { reused: boolean };

/** Validates and queues one export: checkDraft, then queueExport. */
export async function createExport(deps: ExportDeps, actor: Actor, organizationId: string, raw: unknown): Promise<CreatedExport> {
  return queueExport(deps, actor, await checkDraft(deps.db, actor, organizationId, raw));
}

/**
 * Queues a checked draft: usage limits, then the pending row and its audit event in one transaction, then
 * the export/requested event. A request identical to one of the requester's exports still pending or
 * running returns that export (reused) instead: a transaction-scoped advisory lock on the request's
 * fingerprint makes this hold for simultaneous requests, and a unique partial index on the fingerprint
 * backs it up.
 */
export async function queueExport(deps: ExportDeps, actor: Actor, draft: Draft): Promise<CreatedExport> {
  const { db } = deps;
  const { request, limits, resubmittedFrom } = draft;
  const { organizationId, tenantId } = request;
  const fingerprint = requestFingerprint({ ...request, requestedBy: actor.userId });

  const already = await findActiveByFingerprint(db, fingerprint);
  if (already) return { ...already, reused: true };

  const active = await countActiveExports(db, { organizationId, userId: actor.userId });
  if (active >= limits.maxActiveExportsPerUser) {
    throw new AppError(
      "limit_exceeded",
      `You already have ${active} exports queued or running, the most your organization allows. Wait for one to finish or cancel one.`,
    );
  }
  const estimate = await estimateRealms(deps.warehouse, await countedNow(deps.warehouse, request), deps.estimate);
  if (estimate.rows > limits.maxRowsPerExport) {
    const message = `About ${estimate.rows.toLocaleString("en")} rows, more than the ${limits.maxRowsPerExport.toLocaleString("en")} your organization allows in one export. Narrow the date range or scope.`;
    throw new AppError("limit_exceeded", message, { rows: message });
  }
  const tooManyParts = tooManyPartsMessage(estimate.rows, request.parts?.maxRows);
  if (tooManyParts) throw new AppError("invalid", tooManyParts, { parts: tooManyParts });

  const outcome = await db.transaction(async (tx) => {
    // Held until commit: a simultaneous identical request waits here, then finds this one's row.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${fingerprint}, 0))`);
    const twin = await findActiveByFingerprint(tx, fingerprint);
    if (twin) return { row: twin, reused: true };
    const created = await insertExport(tx, {
      ...request,
      // One realm is stored in realm, fields and filters alone, as it always was.
      realms: request.realms.length > 1 ? request.realms : null,
      name: exportNameOf(draft.input.name, request.realms.map((r) => getRealm(r.realm)?.label ?? r.realm).join(" + "), request.dateFrom, request.dateTo),
      requestedBy: actor.userId,
      rowsEstimate: estimate.rows,
      resubmittedFrom: resubmittedFrom ?? null,
      requestFingerprint: fingerprint,
      ...checkpointColumns(request),
      scheduleId: draft.run?.scheduleId ?? null,
      intervalStart: request.window?.from ?? null,
      intervalEnd: request.window?.to ?? null,
    });
    await recordAudit(tx, {
      organizationId,
      tenantId,
      actorUserId: actor.userId,
      action: resubmittedFrom ? "export.resubmitted" : "export.requested",
      exportId: created.id,
      context: actor.context,
      details: resubmittedFrom
        ? { resubmittedFrom }
        : { realm: request.realm, ...(request.realms.length > 1 ? { realms: request.realms.map((r) => r.realm) } : {}), format: request.format },
    });
    return { row: created, reused: false };
  });
  if (outcome.reused) return { ...outcome.row, reused: true };
  const row = outcome.row;

  try {
    await deps.events.requested({ exportId: row.id, organizationId, tenantId, requestedBy: actor.userId }, draft.run ? { id: draft.run.eventId } : undefined);
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

export { listTenantExports, listTenantExportsWithAccess, tenantUsage } from "./listing";

/** The guard of every id-addressed operation: read access in the export's tenant, and the export itself. */
export async function getTenantExport(deps: Pick<ExportDeps, "db">, actor: Actor, q: ExportRef): Promise<FoundExport> {
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

export async function cancelExport(deps: ExportDeps, actor: Actor, q: ExportRef): Promise<ExportRow> {
  return cancelFound(deps, actor, await getTenantExport(deps, actor, q));
}

/** Stops a pending or running export the caller may change; 409 once it has ended. */
export async function cancelFound(deps: ExportDeps, actor: Actor, { access, row }: FoundExport): Promise<ExportRow> {
  if (!mayChange(access, row)) throw new AppError("forbidden", "You can cancel only your own exports. Ask a tenant admin to cancel this one.");
  const where = { organizationId: row.organizationId, tenantId: row.tenantId };
  const cancelled = await deps.db.transaction(async (tx) => {
    const updated = await transitionExport(tx, row.id, ["pending", "running"], { status: "cancelled", completedAt: new Date() });
    if (!updated) return null;
    await recordAudit(tx, { ...where, actorUserId: actor.userId, action: "export.cancelled", exportId: row.id, context: actor.context });
    return updated;
  });
  if (!cancelled) throw new AppError("conflict", `This export is ${row.status} and can no longer be cancelled.`);
  await deps.events.cancelled({ exportId: row.id, ...where, cancelledBy: actor.userId });
  return cancelled;
}

export async function deleteExport(deps: ExportDeps, actor: Actor, q: ExportRef): Promise<void> {
  await deleteFound(deps, actor, await getTenantExport(deps, actor, q));
}

/** Removes an export from the list (cancelling it if active) and deletes its file. */
export async function deleteFound(deps: ExportDeps, actor: Actor, { access, row }: FoundExport): Promise<void> {
  if (!mayChange(access, row)) throw new AppError("forbidden", "You can delete only your own exports. Ask a tenant admin to delete this one.");
  const where = { organizationId: row.organizationId, tenantId: row.tenantId };
  const now = new Date();
  const wasActive = row.status === "pending" || row.status === "running";
  await deps.db.transaction(async (tx) => {
    const updated = await transitionExport(tx, row.id, [row.status], {
      deletedAt: now,
      ...(wasActive ? { status: "cancelled" as const, completedAt: now } : {}),
    });
    if (!updated) throw new AppError("conflict", "This export changed while you were deleting it. Refresh and try again.");
    await recordAudit(tx, { ...where, actorUserId: actor.userId, action: "export.deleted", exportId: row.id, context: actor.context });
  });
  if (wasActive) await deps.events.cancelled({ exportId: row.id, ...where, cancelledBy: actor.userId });
  if (row.storageKey) await deps.deleteFile(row.storageKey);
}

export async function resubmitExport(deps: ExportDeps, actor: Actor, q: ExportRef): Promise<CreatedExport> {
  return queueExport(deps, actor, await resubmitDraft(deps, actor, await getTenantExport(deps, actor, q)));
}

/**
 * A new request with the same parameters as a failed, cancelled or expired export, or a done one whose file
 * is gone from storage, checked again as if new.
 */
export async function resubmitDraft(deps: ExportDeps, actor: Actor, { row }: FoundExport): Promise<Draft> {
  const again =
    endedWithoutFile(row) ||
    // Storage is asked last, only about a done export that would otherwise be refused.
    (row.status === "done" && !(row.storageKey && (await deps.fileExists(row.storageKey))));
  if (!again) {
    throw new AppError("conflict", `Only failed, cancelled or expired exports, or those whose file is gone, can be resubmitted; this one is ${row.status}.`);
  }
  const draft = await checkDraft(deps.db, actor, row.organizationId, clientRequestOf(requestOfRow(row)));
  // The new export keeps the name people know it by.
  return { ...draft, input: { ...draft.input, name: row.name }, resubmittedFrom: row.id };
}

import type { Db, Sql } from "@/db/client";
import { findByCheckpoint, newestCheckpoint } from "@/db/queries/checkpoints";
import type { ExportRow } from "@/db/schema";
import { AppError } from "../errors/app-error";
import type { CheckedRequest } from "../export-requests/request";
import { streamHash } from "./stream";
import { isCheckpointToken } from "./token";
import type { SinceCheckpoint } from "./window";

/** The request's checkpoint fields as a client sends them (POST /api/v1/exports, the form, the CommCare route). */
export interface SinceInput {
  since?: string | null;
  previousExport?: string | null;
  incremental?: boolean | null;
}

function refuse(message: string): never {
  throw new AppError("invalid", message, { since: message });
}

const checkpointOf = (row: ExportRow): SinceCheckpoint => {
  if (!row.snapshot) throw new Error(`export ${row.id} has a checkpoint but no snapshot`);
  return { exportId: row.id, snapshot: row.snapshot, toAsOf: row.toAsOf };
};

/**
 * Which done export an incremental request continues: the one whose token it names (since, or its alias
 * previousExport), or with `incremental: true` the newest done export of the same stream in the tenant.
 * Null for a full export, including the first of a stream asked for with `incremental: true`. A token that
 * does not fit the request is refused with the reason; nothing here is a server error.
 */
export async function resolveSince(db: Db, request: CheckedRequest, input: SinceInput): Promise<SinceCheckpoint | null> {
  const { since, previousExport } = input;
  if (since && previousExport && since !== previousExport) refuse("Give the checkpoint once: since and previousExport name different checkpoints.");
  const token = since ?? previousExport;
  const stream = streamHash(request);
  if (!token) {
    if (!input.incremental) return null;
    const newest = await newestCheckpoint(db, { tenantId: request.tenantId, streamHash: stream });
    return newest ? checkpointOf(newest) : null;
  }
  if (!isCheckpointToken(token))
    refuse("That is not a checkpoint token. Use the checkpoint (ckpt_…) of a done export, as its JSON or X-Export-Checkpoint gives it.");
  const row = await findByCheckpoint(db, token);
  if (!row) refuse("No export has this checkpoint. Use the checkpoint of a done export of this portal.");
  const found = row;
  if (found.organizationId !== request.organizationId) refuse("This checkpoint belongs to another organization's export; use one of this organization's.");
  if (found.tenantId !== request.tenantId) refuse("This checkpoint belongs to an export of another tenant; use a checkpoint of this tenant's exports.");
  if (found.streamHash !== stream) {
    refuse(
      `This checkpoint is of another stream: export "${found.name ?? found.id}" has other realms, scope, filters or fields. Ask for the same ones, or leave since out for a full export.`,
    );
  }
  return checkpointOf(found);
}

/**
 * The request as the queue-time estimate counts it: an incremental one counts only the rows that arrived
 * since its checkpoint (up to now), so a small follow-up of a large stream is not refused as too large.
 */
export async function countedNow(warehouse: Sql, request: CheckedRequest): Promise<CheckedRequest> {
  if (!request.since) return request;
  const [now] = await warehouse<{ snapshot: string }[]>`select pg_current_snapshot()::text as snapshot`;
  if (!now) return request;
  return { ...request, arrivals: { upTo: now.snapshot, after: request.since.snapshot, afterBefore: request.since.toAsOf } };
}

/** What an export row records about its checkpoint when it is queued. */
export function checkpointColumns(request: CheckedRequest) {
  return {
    streamHash: streamHash(request),
    sinceExportId: request.since?.exportId ?? null,
    previousSnapshot: request.since?.snapshot ?? null,
    previousToAsOf: request.since?.toAsOf ?? null,
  };
}

import "server-only";
import { z } from "zod";
import type { ExportRow } from "@/db/schema";
import { appUrl } from "@/lib/config/env";
import { AppError, isAppError } from "@/lib/errors/app-error";
import { parseForPeople } from "@/lib/errors/field-errors";
import { inputRefusal } from "@/lib/export-requests/refusals";
import { toExportView } from "@/lib/export-requests/view";
import type { Access } from "@/lib/permissions/guard";

/*
 * The OmboriGrid-style export job (seed 002) over the portal's own export requests: a job is one export of
 * a tenant's analytics events realm as Parquet, created and read through the same guarded service calls
 * as POST/GET /api/v1/exports. Only the names and the answer's shape differ.
 */

/** The realm that holds a tenant's analytics events (lib/realms/catalog.ts). */
export const JOB_REALM = "events";

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const date = (which: "dataDateFrom" | "dataDateTo", label: string) =>
  z
    .string({
      error: (iss) => (iss.input === undefined ? `Send ${which}, the ${label} date, as YYYY-MM-DD.` : `Write ${which} as YYYY-MM-DD, e.g. 2025-01-31.`),
    })
    .regex(DATE, { error: `Write ${which} as YYYY-MM-DD, e.g. 2025-01-31.` });

const jobBody = z.strictObject(
  {
    tenantId: z.uuid({
      error: (iss) => (iss.input === undefined ? "Send tenantId, the id of your tenant." : "The tenantId must be the id of one of your tenants."),
    }),
    dataDateFrom: date("dataDateFrom", "first"),
    dataDateTo: date("dataDateTo", "last"),
  },
  {
    error: (iss) =>
      iss.code === "unrecognized_keys"
        ? `The job takes only tenantId, dataDateFrom and dataDateTo; remove ${(iss.keys ?? []).length === 1 ? "the other field" : "the other fields"}.`
        : 'Send the job as a JSON object, e.g. {"tenantId": "…", "dataDateFrom": "2025-01-01", "dataDateTo": "2025-01-31"}.',
  },
);

/** The service names the dates from/to; the job calls them dataDateFrom/dataDateTo. */
const JOB_FIELDS: Record<string, string> = { from: "dataDateFrom", to: "dataDateTo" };

/** The job body, checked, as the export request the service takes (every field of the realm, UTC days). */
export async function readJobBody(request: Request) {
  const raw: unknown = await request.json().catch(() => {
    throw new AppError("invalid", 'The body is not valid JSON. Send {"tenantId": "…", "dataDateFrom": "YYYY-MM-DD", "dataDateTo": "YYYY-MM-DD"}.');
  });
  const body = parseForPeople(jobBody, raw, { labels: { request: "The job" } });
  return {
    tenantId: body.tenantId,
    exportRequest: {
      tenantId: body.tenantId,
      scope: { type: "tenant" },
      realm: JOB_REALM,
      from: body.dataDateFrom,
      to: body.dataDateTo,
      timezone: "UTC",
      format: "parquet",
    },
  };
}

const STATUS = { pending: "queued", running: "processing", done: "done", failed: "failed", cancelled: "cancelled", expired: "expired" } as const;

export type JobStatus = (typeof STATUS)[keyof typeof STATUS];

/** Why a job that ended without a file did: the export's own message, or a sentence for one that has none. */
function endedMessage(view: { status: string; error: string | null }): string | undefined {
  if (view.status === "failed") return view.error ?? "The export failed. Create the job again.";
  if (view.status === "cancelled") return view.error ?? "The export was cancelled before it finished.";
  if (view.status === "expired") return "The job's file has expired and was archived. Create the job again to export the data again.";
  return undefined;
}

/**
 * A job as the seed documents it. `downloadUrl` (absolute, the API download every token may use) and
 * `fileSize` appear once it is done and the caller may download it; `error` only once it ended without a
 * file (status failed, cancelled or expired, which the seed leaves open).
 */
export function toJob(row: ExportRow, access: Access, now = new Date()) {
  const view = toExportView(row, access, now);
  const error = endedMessage(view);
  return {
    status: STATUS[view.status],
    id: row.id,
    tenantId: row.tenantId,
    jobExpiryDate: view.expiresAt,
    dataDateFrom: row.dateFrom,
    dataDateTo: row.dateTo,
    createdAt: view.createdAt,
    updatedAt: row.updatedAt.toISOString(),
    filename: row.fileName,
    ...(view.status === "done" && view.downloadUrl ? { downloadUrl: `${appUrl()}/api/v1/exports/${row.id}/download`, fileSize: row.sizeBytes } : {}),
    ...(error ? { error } : {}),
  };
}

/**
 * A refusal in the job API's own manner: `{"statusCode", "error", "message"}` and, for refused fields,
 * `fields` keyed by the job's names. Anything unexpected is logged and answered in general words.
 */
export function jobError(error: unknown): Response {
  const known = isAppError(error) ? error : inputRefusal(error);
  if (!known) console.error("analytics-export-job failed", error);
  const e = known ?? new AppError("internal", "Something went wrong on our side. Try again; if it keeps happening, contact support.");
  const fields = Object.fromEntries(Object.entries(e.fieldErrors).map(([k, v]) => [JOB_FIELDS[k] ?? k, v]));
  const headers: Record<string, string> = { "Cache-Control": "no-store" };
  if (e.status === 401) headers["WWW-Authenticate"] = 'Bearer realm="api"';
  if (e.retryAfterSeconds !== undefined) headers["Retry-After"] = String(Math.max(1, Math.ceil(e.retryAfterSeconds)));
  const body = { statusCode: e.status, error: e.code, message: e.message, ...(Object.keys(fields).length ? { fields } : {}) };
  return Response.json(body, { status: e.status, headers });
}

export async function withJobErrors(fn: () => Promise<Response>): Promise<Response> {
  try {
    return await fn();
  } catch (error) {
    return jobError(error);
  }
}

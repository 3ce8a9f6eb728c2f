import { z } from "zod";
import { EXPORT_FORMATS, exportRequestInput, filterInput, scopeInput } from "@/lib/export-requests/input";
import { partsInput } from "@/lib/export-requests/parts";
import { getRealm } from "@/lib/realms/catalog";
import { EXPORT_SORTS } from "@/db/queries/exports";

/*
 * The API's wire shapes, as zod schemas. Routes parse with them and /api/v1/openapi.json is generated from
 * them, so the document cannot drift from what the server accepts and returns (route tests parse real
 * responses with the response schemas).
 */

export const exportIdParam = z.object({ id: z.uuid({ error: "The export id must be the id of one of your exports." }) });

const ORGANIZATION_ID = "The organization id is not valid: use the id of one of your organizations, or leave organizationId out to use the tenant's.";
const PAGE_SIZE = "The page size (limit) must be a whole number from 1 to 100.";
export const EXPORT_STATUSES = ["pending", "running", "done", "failed", "cancelled", "expired"] as const;
const STATUS_LIST = "The status must be one or more of pending, running, done, failed, cancelled and expired, separated by commas.";
const REALM = "The realm is not one the portal knows: use a realm id such as jobs or events (GET /api/v1/realms lists them).";

export const listQuery = z.object({
  organizationId: z.uuid({ error: ORGANIZATION_ID }).optional().describe("Defaults to the organization of tenantId"),
  tenantId: z
    .uuid({
      error: (iss) =>
        iss.input === undefined ? "Name the tenant whose exports to list, e.g. ?tenantId=…" : "The tenant id is not valid: use the id of one of your tenants.",
    })
    .describe("The tenant whose exports to list"),
  onlyMine: z
    .enum(["true", "false", "1", "0", ""], { error: "The onlyMine parameter must be true or false." })
    .default("false")
    .transform((v) => v === "true" || v === "1")
    .describe("Only exports the caller requested"),
  cursor: z
    .string({ error: "The page cursor is not valid; start again from the first page." })
    .max(500, { error: "The page cursor is not valid; start again from the first page." })
    .optional()
    .describe("nextCursor of the previous page"),
  limit: z.coerce.number({ error: PAGE_SIZE }).int({ error: PAGE_SIZE }).min(1, { error: PAGE_SIZE }).max(100, { error: PAGE_SIZE }).default(25),
  status: z
    .string({ error: STATUS_LIST })
    .max(200, { error: STATUS_LIST })
    .transform((v) =>
      v
        .split(",")
        .map((s) => s.trim().toLowerCase())
        .filter(Boolean),
    )
    .pipe(z.array(z.enum(EXPORT_STATUSES, { error: STATUS_LIST })))
    .optional()
    .describe("Only exports in these statuses, comma-separated: pending, running, done, failed, cancelled, expired"),
  realm: z
    .string({ error: REALM })
    .max(100, { error: REALM })
    .refine((id) => id === "" || getRealm(id) !== undefined, { error: REALM })
    .optional()
    .describe("Only exports of this realm (its id, e.g. jobs)"),
  requester: z
    .email({ error: "The requester must be an email address, e.g. ?requester=ana@example.org." })
    .max(320, { error: "The requester must be an email address, e.g. ?requester=ana@example.org." })
    .optional()
    .describe("Only exports requested by this email address"),
  q: z.string().trim().max(100, { error: "Search for at most 100 characters of an export's name." }).optional().describe("Part of the export's name"),
  sort: z.enum(EXPORT_SORTS, { error: "The sort must be newest or oldest." }).default("newest").describe("newest (default) or oldest first"),
});

/** POST bodies: an export request, optionally naming its organization (otherwise the tenant's is used). */
export const exportRequestBody = exportRequestInput.extend({
  organizationId: z.uuid({ error: ORGANIZATION_ID }).optional().describe("Defaults to the organization of tenantId"),
});

const iso = z.iso.datetime({ offset: true });

export const exportSchema = z.object({
  id: z.uuid(),
  name: z.string().describe("The name given in the request, or one made from the realm and dates"),
  status: z.enum(EXPORT_STATUSES),
  noRowsMatched: z.boolean().describe("Done, and nothing matched the scope and dates: the archive holds no rows"),
  noNewRows: z.boolean().describe("Done, incremental, and no rows had arrived since its checkpoint; its download answers 204"),
  checkpoint: z
    .string()
    .nullable()
    .describe("Once done: the checkpoint (ckpt_…); pass it as `since` to get only the rows that arrive after this export. Null until done"),
  checkpointRange: z
    .object({
      sinceExportId: z.uuid().nullable().describe("The export whose checkpoint this one continues; null for a full export"),
      upTo: iso.nullable().describe("When the export was planned: it holds the rows that had arrived by then"),
    })
    .describe("The arrivals the export covers"),
  scope: scopeInput,
  scopeLabel: z.string(),
  realm: z.string(),
  realmLabel: z.string().describe('The realm\'s label; with several realms their labels joined, e.g. "Compute jobs + Lab results"'),
  fields: z.array(z.string()).describe("The first realm's fields"),
  realms: z
    .array(z.object({ realm: z.string(), fields: z.array(z.string()), filters: z.array(filterInput) }))
    .describe("Every realm of the archive, in its order, with its fields and filters"),
  rowsByRealm: z
    .array(z.object({ realm: z.string(), realmLabel: z.string(), rows: z.number().int() }))
    .nullable()
    .describe("Once done: rows per realm (rowCount is their total); null before"),
  dateFrom: z.string().nullable().describe("First day, YYYY-MM-DD, in timezone; null: from the first record"),
  dateTo: z.string().nullable().describe("Last day, YYYY-MM-DD, inclusive; null: up to toAsOf"),
  toAsOf: iso.nullable().describe("Without dateTo: the moment the request was made; the export holds records before it. Null when dateTo is set"),
  timezone: z.string(),
  format: z.enum(EXPORT_FORMATS),
  formatLabel: z.string(),
  options: z.object({ csvBom: z.boolean().optional(), formulaGuard: z.boolean().optional() }),
  parts: partsInput.unwrap().unwrap().nullable().describe("The part limits asked for; null for one file per format"),
  requestedBy: z.object({ email: z.string(), name: z.string().nullable(), isYou: z.boolean() }),
  createdAt: iso,
  startedAt: iso.nullable(),
  progressAt: iso.nullable(),
  completedAt: iso.nullable(),
  expiresAt: iso.nullable().describe("When the archive is deleted"),
  rowsEstimate: z.number().int().nullable(),
  rowsProcessed: z.number().int(),
  progress: z.number().min(0).max(1).nullable().describe("0..1 while pending or running, 1 when done, null when it ended without a file"),
  bytesWritten: z.number().int(),
  rowCount: z.number().int().nullable(),
  sizeBytes: z.number().int().nullable().describe("Archive size once done"),
  sha256: z.string().nullable().describe("Hex SHA-256 of the archive"),
  error: z.string().nullable(),
  queuePosition: z.number().int().nullable().describe("While pending: its place in the organization's queue, 1 = next"),
  etaSeconds: z.number().int().min(0).nullable().describe("While running: seconds until it should be done, at its rate so far; null before the first rows"),
  estimatedCompletionAt: iso.nullable().describe("While running: when it should be done, at its rate so far"),
  fileName: z.string().nullable().describe("The archive's file name once done"),
  downloadCount: z.number().int(),
  firstDownloadedAt: iso.nullable(),
  resubmittedFrom: z.uuid().nullable(),
  downloadUrl: z.url().nullable().describe("Absolute URL (APP_URL) to GET the archive with a session or bearer token, while it is downloadable"),
  request: exportRequestInput.describe("The body that creates the same export again"),
  phase: z
    .enum(["queued", "planning", "running", "retrying", "packaging", "done", "failed", "cancelled", "expired"])
    .describe("The status, with what a running export's run is doing: planning its partitions, running them, retrying one, packaging the archive"),
  partitionCounts: z
    .object({ total: z.number().int(), done: z.number().int(), running: z.number().int(), retrying: z.number().int(), waiting: z.number().int() })
    .describe("The export's partitions by state; all 0 before it is planned"),
  retrying: z
    .object({ attempt: z.number().int(), of: z.number().int(), lastError: z.string().nullable() })
    .nullable()
    .describe("A partition being retried: the attempts it has had, of how many it gets, and why the last one failed"),
  partitions: z
    .array(
      z.object({
        index: z.number().int(),
        realm: z.string(),
        from: iso.nullable().describe("Its slice of the realm's time column, inclusive; null: the request's own start"),
        to: iso.nullable().describe("Exclusive; null: the request's own end"),
        status: z.enum(["waiting", "running", "retrying", "done"]),
        rows: z.number().int(),
        rowsEstimate: z.number().int(),
        attempts: z.number().int(),
        lastError: z.string().nullable(),
        startedAt: iso.nullable(),
        completedAt: iso.nullable(),
      }),
    )
    .optional()
    .describe("Each partition of the export, in archive order: in the answer for one export, not in the list"),
  can: z.object({ download: z.boolean(), cancel: z.boolean(), delete: z.boolean(), resubmit: z.boolean() }),
});

/** POST /api/v1/exports and resubmit: the export, and whether an identical pending or running one was handed back. */
export const exportCreatedSchema = exportSchema.extend({
  reused: z
    .boolean()
    .describe("True when an identical request of yours was already pending or running and that export is returned (200, X-Export-Reused: true)"),
});

export const exportListSchema = z.object({ items: z.array(exportSchema), nextCursor: z.string().nullable() });

export const realmsSchema = z.object({
  realms: z.array(
    z.object({
      id: z.string(),
      label: z.string(),
      description: z.string(),
      timeField: z.string().describe("The field the date range applies to"),
      fields: z.array(
        z.object({ name: z.string(), type: z.enum(["text", "integer", "bigint", "double", "timestamp", "json", "uuid"]), description: z.string() }),
      ),
    }),
  ),
});

export const estimateSchema = z.object({
  rows: z.number().int().describe("With several realms, their sum"),
  exact: z.boolean(),
  byRealm: z.array(z.object({ realm: z.string(), rows: z.number().int() })).describe("The estimate of each realm, in the request's order"),
  maxRowsPerExport: z.number().int(),
  overLimit: z.boolean(),
  checkpoint: z
    .object({ exportId: z.uuid(), name: z.string().nullable(), completedAt: iso.nullable() })
    .nullable()
    .describe("The newest done export of the request's stream in the tenant, which `incremental: true` continues; null when there is none"),
});

export const previewSchema = z.object({
  fields: z.array(z.string()).describe("The first realm's fields"),
  rows: z.array(z.array(z.unknown())).describe("The first realm's sample rows"),
  realms: z
    .array(z.object({ realm: z.string(), fields: z.array(z.string()), rows: z.array(z.array(z.unknown())) }))
    .describe("Sample rows of each realm, in the request's order"),
});

export const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  code: z.enum([
    "unauthenticated",
    "not_found",
    "forbidden",
    "invalid",
    "conflict",
    "limit_exceeded",
    "gone",
    "range_not_satisfiable",
    "unsupported_media_type",
    "internal",
  ]),
  instance: z.string().optional(),
  errors: z.record(z.string(), z.string()).optional().describe("Refused fields by path, e.g. scope.appIds"),
});

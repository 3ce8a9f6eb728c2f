import "server-only";
import type { GraphQLError } from "graphql";
import { createGraphQLError } from "graphql-yoga";
import { z } from "zod";
import { exportDeps } from "@/app/_lib/export-deps";
import { getDb } from "@/db/client";
import type { ExportRow } from "@/db/schema";
import { appUrl } from "@/lib/config/env";
import { AppError, isAppError, type AppErrorCode } from "@/lib/errors/app-error";
import { checkDraft, listTenantExports, queueExport, tenantUsage } from "@/lib/export-requests/service";
import { MAX_EXPORT_NAME } from "@/lib/export-requests/name";
import { toExportView } from "@/lib/export-requests/view";
import { inputRefusal } from "@/lib/export-requests/refusals";
import type { Actor } from "@/lib/permissions/actor";
import type { Access } from "@/lib/permissions/guard";
import { organizationFor } from "../../v1/_lib/body";
import { requireVisibleExport } from "../../v1/_lib/export-ref";
import { realmsOfDataRange } from "./datasets";

/*
 * The resolvers only translate: every read and write goes through the same guarded service calls as the
 * REST API (lib/export-requests/service.ts), with the caller resolved as every /api/v1 route resolves it.
 */

export interface GraphqlContext {
  /** The caller, resolved once on first use (token or session, as requireApiActor decides). */
  actor(): Promise<Actor>;
}

const ERROR_CODES: Record<AppErrorCode, string> = {
  unauthenticated: "UNAUTHENTICATED",
  forbidden: "FORBIDDEN",
  not_found: "NOT_FOUND",
  invalid: "BAD_USER_INPUT",
  conflict: "CONFLICT",
  limit_exceeded: "LIMIT_EXCEEDED",
  gone: "GONE",
  range_not_satisfiable: "BAD_USER_INPUT",
  unsupported_media_type: "BAD_USER_INPUT",
  internal: "INTERNAL_SERVER_ERROR",
};

const INTERNAL = "Something went wrong on our side. Try again; if it keeps happening, contact support.";

/** Any error as a GraphQL error with a code; anything unexpected is logged and stays vague. */
export function toGraphqlError(error: unknown): GraphQLError {
  const known = isAppError(error) ? error : inputRefusal(error);
  if (!known) console.error("graphql resolver failed", error);
  const e = known ?? new AppError("internal", INTERNAL);
  // Made by Yoga's own graphql module: one loaded twice (ESM and CommonJS) would not pass its instanceof check, and the error would be masked.
  return createGraphQLError(e.message, { extensions: { code: ERROR_CODES[e.code], http: { status: e.status === 401 ? 401 : 200 } } });
}

async function guarded<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw toGraphqlError(error);
  }
}

const STATUS = { pending: "QUEUING", running: "GENERATING", done: "COMPLETED", expired: "COMPLETED", cancelled: "CANCELLED", failed: "FAILED" } as const;

/** One export as the catalog shows it; `result` only once completed. */
function toObeliskExport(row: ExportRow, access: Access) {
  const view = toExportView(row, access);
  const completed = (view.status === "done" || view.status === "expired") && view.completedAt !== null;
  return {
    id: view.id,
    dataset: view.realm,
    metrics: view.fields,
    requestedOn: view.createdAt,
    status: {
      status: STATUS[view.status],
      recordsEstimate: view.rowsEstimate,
      recordsProcessed: view.rowsProcessed,
      message: view.status === "failed" || view.status === "cancelled" ? view.error : null,
    },
    result: completed
      ? {
          completedOn: view.completedAt,
          compressedSizeInBytes: view.sizeBytes ?? 0,
          expiresOn: view.expiresAt,
          downloadUrl: `${appUrl()}/api/v3/data/exports/${view.id}`,
        }
      : null,
  };
}

/** The tenant a request is about: the one named, else the token's; a session or organization token must name it. */
async function tenantOf(actor: Actor, named: string | null | undefined) {
  const tenantId = named ?? actor.restrict?.tenantId ?? null;
  if (!tenantId) {
    throw new AppError("invalid", "Name the tenant with tenantId: this token (or session) is not limited to one tenant.");
  }
  // An id that is no uuid cannot name a tenant anyone has: the same "not found" as an unknown one.
  if (!z.uuid().safeParse(tenantId).success) throw AppError.notFound("Tenant not found");
  return { tenantId, organizationId: await organizationFor(undefined, tenantId) };
}

const RESPONSE_CODES: Partial<Record<AppErrorCode, string>> = {
  invalid: "BAD_REQUEST",
  forbidden: "NOT_AUTHORIZED",
  not_found: "NOT_FOUND",
  conflict: "CONFLICT",
  limit_exceeded: "LIMIT_EXCEEDED",
  gone: "NOT_FOUND",
};

interface CreateInput {
  name: string;
  dataRange: { datasets: string[]; metrics?: string[] | null };
  filter?: { field: string; op: string; value?: string | null; values?: string[] | null; min?: string | null; max?: string | null }[] | null;
  from?: string | null;
  to?: string | null;
  format?: string | null;
  tenantId?: string | null;
}

/** The portal's export request for one createStream input (a filter's absent parts left out, as the REST API takes it). */
function exportRequestOf(input: CreateInput, tenantId: string) {
  const name = input.name.trim();
  if (name.length < 1 || name.length > MAX_EXPORT_NAME) throw new AppError("invalid", `Give the export a name of 1 to ${MAX_EXPORT_NAME} characters.`);
  const filters = (input.filter ?? []).map((f) => Object.fromEntries(Object.entries(f).filter(([, v]) => v !== null && v !== undefined)));
  return {
    tenantId,
    name,
    scope: { type: "tenant" },
    ...realmsOfDataRange(input.dataRange, filters),
    ...(input.from ? { from: input.from } : {}),
    ...(input.to ? { to: input.to } : {}),
    timezone: "UTC",
    format: (input.format ?? "CSV").toLowerCase(),
  };
}

async function createExport(ctx: GraphqlContext, input: CreateInput) {
  const actor = await guarded(() => ctx.actor());
  try {
    const { tenantId, organizationId } = await tenantOf(actor, input.tenantId);
    const deps = exportDeps();
    const draft = await checkDraft(deps.db, actor, organizationId, exportRequestOf(input, tenantId));
    const { reused, ...row } = await queueExport(deps, actor, draft);
    const message = reused ? "An identical export of yours is still queued or generating; this is that export." : "The export was requested.";
    return { responseCode: "SUCCESS", message, item: toObeliskExport(row, draft.access) };
  } catch (error) {
    const code = isAppError(error) ? RESPONSE_CODES[error.code] : inputRefusal(error) ? "BAD_REQUEST" : undefined;
    if (!code) throw toGraphqlError(error);
    return { responseCode: code, message: isAppError(error) ? error.message : (inputRefusal(error)?.message ?? INTERNAL), item: null };
  }
}

export const resolvers = {
  Query: {
    me: () => ({}),
  },
  Mutation: {
    createStream: (_: unknown, args: { input: CreateInput }, ctx: GraphqlContext) => createExport(ctx, args.input),
    createExport: (_: unknown, args: { input: CreateInput }, ctx: GraphqlContext) => createExport(ctx, args.input),
  },
  Me: {
    export: (_: unknown, args: { id: string }, ctx: GraphqlContext) =>
      guarded(async () => {
        const { row, access } = await requireVisibleExport(await ctx.actor(), Promise.resolve({ id: args.id }));
        return toObeliskExport(row, access);
      }),
    exports: (_: unknown, args: { tenantId?: string | null; first?: number | null }, ctx: GraphqlContext) =>
      guarded(async () => {
        const actor = await ctx.actor();
        const page = await listTenantExports({ db: getDb() }, actor, { ...(await tenantOf(actor, args.tenantId)), limit: args.first ?? 25 });
        return page.items.map((row) => toObeliskExport(row, page.access));
      }),
    usageLimits: (_: unknown, args: { tenantId?: string | null }, ctx: GraphqlContext) =>
      guarded(async () => {
        const actor = await ctx.actor();
        const { limits, active } = await tenantUsage({ db: getDb() }, actor, await tenantOf(actor, args.tenantId));
        return {
          maxRecordsPerExport: limits.maxRowsPerExport,
          maxExportsAtOnce: limits.maxActiveExportsPerUser,
          exportsInProgress: active,
          maxConcurrentExports: limits.maxConcurrentExports,
          retentionDays: limits.retentionDays,
          maxRangeDays: limits.maxRangeDays,
        };
      }),
  },
};

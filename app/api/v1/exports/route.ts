import { z } from "zod";
import { getDb } from "@/db/client";
import { exportDeps } from "@/app/_lib/export-deps";
import { AppError } from "@/lib/errors/app-error";
import { createExport, listTenantExports } from "@/lib/export-requests/service";
import { resolveAccess } from "@/lib/permissions/guard";
import { requireApiActor } from "../_lib/auth";
import { parseOrThrow, readExportBody } from "../_lib/body";
import { decodeCursor, encodeCursor } from "../_lib/cursor";
import { toExportView } from "../_lib/export-view";
import { withProblems } from "@/app/_lib/problem";

export const dynamic = "force-dynamic";

const listQuery = z.object({
  organizationId: z.uuid("organizationId must be an organization id"),
  tenantId: z.uuid("tenantId must be a tenant id"),
  onlyMine: z.enum(["true", "false", "1", "0", ""]).default("false").transform((v) => v === "true" || v === "1"),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});

/** GET /api/v1/exports — one tenant's exports, newest first, keyset-paged. */
export async function GET(request: Request) {
  return withProblems(request, async () => {
    const actor = await requireApiActor(request);
    const q = parseOrThrow(listQuery, Object.fromEntries(new URL(request.url).searchParams));
    const now = new Date();
    const page = await listTenantExports({ db: getDb() }, actor, { ...q, cursor: decodeCursor(q.cursor) });
    return Response.json(
      { items: page.items.map((row) => toExportView(row, page.access, now)), nextCursor: encodeCursor(page.nextCursor) },
      { headers: { "Cache-Control": "no-store" } },
    );
  });
}

/** POST /api/v1/exports — queues an export; 202 with the export and its Location. */
export async function POST(request: Request) {
  return withProblems(request, async () => {
    const actor = await requireApiActor(request);
    const { organizationId, body } = await readExportBody(request);
    const deps = exportDeps();
    const row = await createExport(deps, actor, organizationId, body);
    const access = await resolveAccess(deps.db, { userId: actor.userId, organizationId, tenantId: row.tenantId });
    if (!access) throw AppError.notFound("Tenant not found");
    return Response.json(toExportView({ ...row, requestedByEmail: actor.email }, access), {
      status: 202,
      headers: { Location: `/api/v1/exports/${row.id}`, "Cache-Control": "no-store" },
    });
  });
}

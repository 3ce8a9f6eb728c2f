import { getDb, getWarehouseSql } from "@/db/client";
import { previewRows } from "@/lib/exports";
import { requireApiActor } from "../../_lib/auth";
import { readExportBody } from "../../_lib/body";
import { checkDraft } from "@/lib/export-requests/service";
import { realmRequestsOf } from "@/lib/export-requests/request";
import { withProblems } from "@/app/_lib/problem";
import { countedNow } from "@/lib/export-checkpoints/since";

export const dynamic = "force-dynamic";

const SAMPLE_ROWS = 5;

/** POST /api/v1/exports/preview — a few sample rows of an export request, in its scope and date range (and since its checkpoint). */
export async function POST(request: Request) {
  return withProblems(request, async () => {
    const actor = await requireApiActor(request);
    const { organizationId, body } = await readExportBody(request);
    const { request: draft } = await checkDraft(getDb(), actor, organizationId, body);
    // One sample per realm; fields and rows are the first realm's, as they were before several realms.
    // An incremental draft samples only rows that arrived since its checkpoint, as its estimate counts them.
    const counted = await countedNow(getWarehouseSql(), draft);
    const realms = await Promise.all(
      realmRequestsOf(counted).map(async (one) => {
        const fields = one.fields ?? [];
        const rows: unknown[] = await previewRows(getWarehouseSql(), one, SAMPLE_ROWS);
        return { realm: one.realm, fields, rows: rows.map((r) => asCells(r, fields)) };
      }),
    );
    const [first] = realms;
    return Response.json({ fields: first?.fields ?? [], rows: first?.rows ?? [], realms }, { headers: { "Cache-Control": "no-store" } });
  });
}

/** One sample row as display-safe cells in field order (warehouse drivers return bigints and Dates). */
function asCells(row: unknown, fields: string[]): unknown[] {
  const values: unknown[] = Array.isArray(row) ? row : fields.map((f) => (row && typeof row === "object" ? (row as Record<string, unknown>)[f] : null));
  return values.map((v) => (typeof v === "bigint" ? v.toString() : v instanceof Date ? v.toISOString() : v));
}

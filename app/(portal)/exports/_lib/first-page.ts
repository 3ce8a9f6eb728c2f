import "server-only";
import type { Db } from "@/db/client";
import { encodeCursor } from "@/lib/pagination/cursor";
import { listTenantExports } from "@/lib/export-requests/service";
import { toExportView } from "@/lib/export-requests/view";
import { requestContext } from "@/app/_lib/request-context";
import { LIST_PAGE_SIZE } from "./queries";
import type { ExportPage } from "./types";

/**
 * The status table's first page (no filters, newest first), read on the server while the page renders, so
 * the rows arrive with the HTML instead of after hydration and a second request. The same service call,
 * access check and view as GET /api/v1/exports; the browser takes over from here (polling, more pages).
 */
export async function firstExportsPage(db: Db, userId: string, q: { organizationId: string; tenantId: string }): Promise<{ page: ExportPage; at: number }> {
  const actor = { userId, context: await requestContext() };
  const now = new Date();
  const page = await listTenantExports({ db }, actor, { ...q, limit: LIST_PAGE_SIZE });
  return {
    page: { items: page.items.map((row) => toExportView(row, page.access, now)), nextCursor: encodeCursor(page.nextCursor) },
    at: now.getTime(),
  };
}

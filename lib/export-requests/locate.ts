import { findVisibleExport } from "@/db/queries/exports";
import type { Db } from "@/db/client";
import type { ExportRow } from "@/db/schema";
import { can, resolveAccess, type Access } from "../permissions/guard";
import { exportHref, sameWorkspace, type WorkspaceRef } from "../workspaces/url";

/**
 * What the page of one export shows for an id: the export, or a move to its own workspace's URL (a link
 * into another tenant the person also works in switches to it), or not found. A made-up id, a malformed
 * one, another organization's export and one the person's role may not see all give the same answer.
 */
export type LocatedExport = { kind: "show"; row: ExportRow; access: Access } | { kind: "move"; to: string } | { kind: "not_found" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function locateExport(db: Db, userId: string, inUrl: WorkspaceRef | null, id: string): Promise<LocatedExport> {
  const notFound: LocatedExport = { kind: "not_found" };
  if (!UUID.test(id)) return notFound;
  const row = await findVisibleExport(db, { userId, id });
  if (!row) return notFound;
  const place = { organizationId: row.organizationId, tenantId: row.tenantId };
  const access = await resolveAccess(db, { userId, ...place });
  if (!access || !can(access, "data.exports.read")) return notFound;
  if (!sameWorkspace(inUrl, place)) return { kind: "move", to: exportHref(place, row.id) };
  return { kind: "show", row, access };
}

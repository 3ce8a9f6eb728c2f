import { and, asc, desc, eq, ilike, inArray, isNull, lte, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "../client";
import { exports, memberships, users, type ExportRow } from "../schema";
import { exactCreatedAt, newerThan, olderThan, type KeysetCursor } from "./keyset";
import { preparedPer } from "./prepared";

type Tx = Pick<Db, "select" | "insert" | "update">;
export type NewExport = typeof exports.$inferInsert;

export async function insertExport(tx: Tx, values: NewExport): Promise<ExportRow> {
  const [row] = await tx.insert(exports).values(values).returning();
  if (!row) throw new Error("insert into exports returned nothing");
  return row;
}

/** One export of the tenant; deleted exports and other tenants' ids are "not found". */
export async function getExport(db: Tx, q: { organizationId: string; tenantId: string; id: string }): Promise<ExportRow | null> {
  const rows = await db
    .select()
    .from(exports)
    .where(and(eq(exports.id, q.id), eq(exports.organizationId, q.organizationId), eq(exports.tenantId, q.tenantId), isNull(exports.deletedAt)));
  return rows[0] ?? null;
}

type VisibleQuery = { userId: string; id: string; within?: { organizationId: string; tenantId: string | null } | null };
/** Which limits of a token the statement applies: none, its organization, or its organization and tenant. */
type Within = "none" | "organization" | "tenant";

const withinOf = (q: VisibleQuery): Within => (!q.within ? "none" : q.within.tenantId ? "tenant" : "organization");

function visibleExport(within: Within): SQL | undefined {
  const member = sql`exists (select 1 from ${memberships} m where m.user_id = ${sql.placeholder("userId")}
    and m.organization_id = ${exports.organizationId} and (m.tenant_id is null or m.tenant_id = ${exports.tenantId}))`;
  return and(
    eq(exports.id, sql.placeholder("id")),
    isNull(exports.deletedAt),
    member,
    within !== "none" ? eq(exports.organizationId, sql.placeholder("organizationId")) : undefined,
    within === "tenant" ? eq(exports.tenantId, sql.placeholder("tenantId")) : undefined,
  );
}

const placeholdersOf = (q: VisibleQuery) => ({
  userId: q.userId,
  id: q.id,
  ...(q.within ? { organizationId: q.within.organizationId } : {}),
  ...(q.within?.tenantId ? { tenantId: q.within.tenantId } : {}),
});

// Every id-addressed API call runs one of these: each shape is built once per database handle (prepared.ts).
const visibleExportQueries = (["none", "organization", "tenant"] as const).map((within) => ({
  within,
  plain: preparedPer((db: Tx) => db.select().from(exports).where(visibleExport(within)).prepare(`visible_export_${within}`)),
  withRequester: preparedPer((db: Tx) =>
    db
      .select({ row: exports, email: users.email, name: users.name })
      .from(exports)
      .leftJoin(users, eq(users.id, exports.requestedBy))
      .where(visibleExport(within))
      .prepare(`visible_export_with_requester_${within}`),
  ),
}));

function visibleExportQuery(q: VisibleQuery) {
  const within = withinOf(q);
  const found = visibleExportQueries.find((v) => v.within === within);
  if (!found) throw new Error(`no statement for ${within}`);
  return found;
}

/**
 * An export by id alone, only when the user has a membership that covers its tenant (and, with a token,
 * only inside the token's organization and tenant); permissions are checked by the caller afterwards.
 * One statement answers a foreign id and a made-up one alike, so the time it takes tells nothing about
 * what exists elsewhere.
 */
export async function findVisibleExport(db: Tx, q: VisibleQuery): Promise<ExportRow | null> {
  const rows = await visibleExportQuery(q).plain(db).execute(placeholdersOf(q));
  return rows[0] ?? null;
}

/**
 * findVisibleExport, with the requester's contact read by the same statement (null when the user is gone),
 * for the answers that show who asked for it.
 */
export async function findVisibleExportWithRequester(
  db: Tx,
  q: VisibleQuery,
): Promise<{ row: ExportRow; requester: { email: string; name: string | null } | null } | null> {
  const rows = await visibleExportQuery(q).withRequester(db).execute(placeholdersOf(q));
  const found = rows[0];
  if (!found) return null;
  return { row: found.row, requester: found.email === null ? null : { email: found.email, name: found.name } };
}

/** The active (pending or running) export made from the same normalised request, if any. */
export async function findActiveByFingerprint(db: Tx, fingerprint: string): Promise<ExportRow | null> {
  const rows = await db
    .select()
    .from(exports)
    .where(and(eq(exports.requestFingerprint, fingerprint), inArray(exports.status, ["pending", "running"]), isNull(exports.deletedAt)));
  return rows[0] ?? null;
}

/**
 * Where a pending export stands in its organization's queue (1 = next), counted on exports_org_status_created_idx. The list and the single view use this same expression.
 */
// Spelled out qualified: drizzle leaves columns unqualified in a one-table select, where inside the
// subquery they would mean e2's own.
const queuePosition = sql<number | null>`case when "exports"."status" = 'pending' then (
    select count(*)::int from exports e2
    where e2.organization_id = "exports"."organization_id" and e2.status = 'pending' and e2.deleted_at is null
      and (e2.created_at, e2.id) <= ("exports"."created_at", "exports"."id")
  ) end`;

export async function queuePositionOf(db: Tx, id: string): Promise<number | null> {
  const [row] = await db.select({ position: queuePosition }).from(exports).where(eq(exports.id, id));
  return row?.position ?? null;
}

/** For background functions, which act on an export by id alone. */
export async function getExportById(db: Tx, id: string): Promise<ExportRow | null> {
  const rows = await db.select().from(exports).where(eq(exports.id, id));
  return rows[0] ?? null;
}

export interface ExportListItem extends ExportRow {
  requestedByEmail: string;
  requestedByName: string | null;
  queuePosition: number | null;
  /** created_at with its full microsecond precision, for the paging cursor (a JS Date keeps only milliseconds). */
  createdAtExact: string;
}

export type ExportCursor = KeysetCursor;

/** The list's orders: both read an index straight through (forwards or backwards), so no order sorts the history. */
export const EXPORT_SORTS = ["newest", "oldest"] as const;
export type ExportSort = (typeof EXPORT_SORTS)[number];

/** The statuses a list can be narrowed to, as the view names them (a done export past its expiry reads expired). */
export type ListStatus = ExportRow["status"];

export interface ListFilters {
  statuses?: ListStatus[];
  realm?: string;
  /** The requester's email address, matched without regard to case. */
  requesterEmail?: string;
  /** Part of the export's name, matched without regard to case. */
  search?: string;
  sort?: ExportSort;
}

/**
 * Newest (or oldest) first, keyset-paged on (created_at, id) so page 500 costs what page 1 does: the ORDER BY
 * matches exports_tenant_created_idx (and exports_tenant_requester_created_idx for "only mine" or one
 * requester) exactly, read backwards for the oldest first. The filters only drop rows along that scan.
 */
export async function listExports(db: Db, q: ListQuery): Promise<ExportListItem[]> {
  const rows = await listExportsQuery(db, q);
  return rows.map((r) => ({ ...r.e, requestedByEmail: r.email, requestedByName: r.name, queuePosition: r.queuePosition, createdAtExact: r.createdAtExact }));
}

type ListQuery = ListFilters & { organizationId: string; tenantId: string; requestedBy?: string; cursor?: ExportCursor | null; limit: number };

/**
 * The view's status in SQL: a done export whose expiry has passed is already expired (as hasExpired says).
 * Compared as the enum itself, so the planner reads the column's statistics: a common status is read off the
 * tenant's date index and only drops rows along the scan, and a rare one is found by index and only its few
 * matches are sorted. (Compared as text, every status guessed at 0.5 % of rows, and the plan depended on luck.)
 */
function statusIs(status: ListStatus): SQL | undefined {
  const is = (s: ListStatus) => eq(exports.status, s);
  if (status === "done") return and(is("done"), or(isNull(exports.expiresAt), sql`${exports.expiresAt} > now()`));
  if (status === "expired") return or(is("expired"), and(is("done"), lte(exports.expiresAt, sql`now()`)));
  return is(status);
}

/** `%` and `_` typed by a person are meant literally. */
const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The list's statement, unexecuted: the plan test EXPLAINs exactly this. */
export function listExportsQuery(db: Db, q: ListQuery) {
  const oldest = q.sort === "oldest";
  return db
    .select({
      e: exports,
      email: users.email,
      name: users.name,
      queuePosition,
      createdAtExact: exactCreatedAt(exports.createdAt),
    })
    .from(exports)
    .innerJoin(users, eq(users.id, exports.requestedBy))
    .where(
      and(
        eq(exports.organizationId, q.organizationId),
        eq(exports.tenantId, q.tenantId),
        isNull(exports.deletedAt),
        q.requestedBy ? eq(exports.requestedBy, q.requestedBy) : undefined,
        // One requester by address: resolved to their id first, so the requester index serves it as it does "only mine".
        q.requesterEmail ? sql`${exports.requestedBy} = (select u.id from ${users} u where lower(u.email) = lower(${q.requesterEmail}))` : undefined,
        q.statuses?.length ? or(...q.statuses.map(statusIs)) : undefined,
        q.realm ? eq(exports.realm, q.realm) : undefined,
        q.search ? ilike(exports.name, likePattern(q.search)) : undefined,
        oldest ? newerThan(exports.createdAt, exports.id, q.cursor) : olderThan(exports.createdAt, exports.id, q.cursor),
      ),
    )
    .orderBy(...(oldest ? [asc(exports.createdAt), asc(exports.id)] : [desc(exports.createdAt), desc(exports.id)]))
    .limit(q.limit);
}

export async function countActiveExports(db: Tx, q: { organizationId: string; userId: string }): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(exports)
    .where(
      and(
        eq(exports.organizationId, q.organizationId),
        eq(exports.requestedBy, q.userId),
        inArray(exports.status, ["pending", "running"]),
        isNull(exports.deletedAt),
      ),
    );
  return row?.n ?? 0;
}

/**
 * Updates an export only while it is in one of `from` states, so a late writer (a finishing run after a
 * cancel, say) cannot overwrite a newer decision. Returns the updated row, or null when the state moved on.
 */
export async function transitionExport(
  tx: Tx,
  id: string,
  from: ExportRow["status"][],
  patch: Partial<typeof exports.$inferInsert>,
): Promise<ExportRow | null> {
  const [row] = await tx
    .update(exports)
    .set({ ...patch, updatedAt: new Date() })
    .where(and(eq(exports.id, id), inArray(exports.status, from)))
    .returning();
  return row ?? null;
}

export async function updateProgress(db: Tx, id: string, p: { rows: number; bytes: number }) {
  await db
    .update(exports)
    .set({ rowsProcessed: p.rows, bytesWritten: p.bytes, progressAt: new Date() })
    .where(and(eq(exports.id, id), eq(exports.status, "running")));
}

export async function getExportStatus(db: Tx, id: string): Promise<ExportRow["status"] | null> {
  const rows = await db.select({ status: exports.status, deletedAt: exports.deletedAt }).from(exports).where(eq(exports.id, id));
  const row = rows[0];
  if (!row) return null;
  return row.deletedAt ? "cancelled" : row.status;
}

/** Done exports whose retention has passed (at expires_at itself, as hasExpired says). */
export async function listExpiredExports(db: Tx, now: Date, limit = 500) {
  return db
    .select({ id: exports.id, storageKey: exports.storageKey, organizationId: exports.organizationId })
    .from(exports)
    .where(and(eq(exports.status, "done"), lte(exports.expiresAt, now)))
    .limit(limit);
}

export async function recordDownload(tx: Tx, id: string) {
  await tx
    .update(exports)
    .set({ downloadCount: sql`${exports.downloadCount} + 1`, firstDownloadedAt: sql`coalesce(${exports.firstDownloadedAt}, now())` })
    .where(eq(exports.id, id));
}

/**
 * How many of the organization's exports are running, and how many pending ones were requested before
 * this one: together they decide whether this export may start (first in, first out).
 */
export async function slotsAhead(tx: Tx, row: Pick<ExportRow, "organizationId" | "id">): Promise<{ running: number; ahead: number }> {
  const [counts] = await tx
    .select({
      running: sql<number>`count(*) filter (where ${exports.status} = 'running')::int`,
      // A request still pending after a day has lost its run (nothing queues that long); it must not block the line.
      ahead: sql<number>`count(*) filter (where ${exports.status} = 'pending' and ${exports.createdAt} > now() - interval '1 day'
        and (${exports.createdAt}, ${exports.id}) < (select me.created_at, me.id from exports me where me.id = ${row.id}::uuid))::int`,
    })
    .from(exports)
    .where(and(eq(exports.organizationId, row.organizationId), isNull(exports.deletedAt), inArray(exports.status, ["pending", "running"])));
  return { running: counts?.running ?? 0, ahead: counts?.ahead ?? 0 };
}

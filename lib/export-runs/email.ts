import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { getExportById } from "@/db/queries/exports";
import { userPreferences, users } from "@/db/schema";
import { formatBytes, formatDateTimeIn } from "../email/format";
import { sendMail } from "../email/transport";
import { FORMAT_LABELS } from "../export-requests/input";
import { rangeInWords } from "../exports/range";
import type { ExportRow } from "@/db/schema";
import { realmsLabelOf, realmsOfRow } from "../export-requests/request";
import { getRealm } from "../realms/catalog";
import { hasNoNewRows } from "../export-checkpoints/window";

/** "1,234", or with several realms their total and each: "1,234 in all (Compute jobs 800, Analytics events 434)". */
function rowsInWords(row: ExportRow): string {
  const total = (row.rowCount ?? 0).toLocaleString("en");
  const realms = realmsOfRow(row);
  const counts = row.rowsByRealm;
  if (realms.length < 2 || !counts) return total;
  const each = realms.map((r) => `${getRealm(r.realm)?.label ?? r.realm} ${(counts[r.realm] ?? 0).toLocaleString("en")}`);
  return `${total} in all (${each.join(", ")})`;
}

export type ExportEmailKind = "ready" | "failed";

export function downloadUrlFor(appUrl: string, exportId: string): string {
  return `${appUrl}/exports/${exportId}/download`;
}

/**
 * Emails the requester that their export is ready (link, expiry, rows, size, format) or failed (reason
 * and a way to resubmit). One email per export and kind, however often this runs.
 */
export async function sendExportEmail(db: Db, exportId: string, kind: ExportEmailKind, appUrl: string) {
  const row = await getExportById(db, exportId);
  if (!row) return { sent: false, reason: "export not found" };
  // An incremental export that found nothing new is routine (a sync loop's quiet hour): no "ready" email.
  if (kind === "ready" && hasNoNewRows(row)) return { sent: false, reason: "no new rows" };
  const [recipient] = await db
    .select({ email: users.email, timezone: userPreferences.timezone })
    .from(users)
    .leftJoin(userPreferences, eq(userPreferences.userId, users.id))
    .where(eq(users.id, row.requestedBy));
  if (!recipient) return { sent: false, reason: "requester not found" };
  const timezone = recipient.timezone ?? row.timezone;
  // Several realms read "Compute jobs + Lab results"; the rows below are their total.
  const realmLabel = realmsLabelOf(row);
  const common = { realmLabel, scopeLabel: row.scopeLabel, dates: rangeInWords(row), formatLabel: FORMAT_LABELS[row.format] };
  // Done with 0 rows is worded as such, derived here as the list derives it (the run itself marks it done).
  const noRowsMatched = row.status === "done" && row.rowCount === 0;
  // Loaded when an email is sent: React and the templates are a large part of a worker's memory otherwise.
  const [{ renderEmail }, { ExportReadyEmail, exportReadySubject }, { ExportFailedEmail }] = await Promise.all([
    import("../email/render"),
    import("../email/templates/export-ready"),
    import("../email/templates/export-failed"),
  ]);
  const message =
    kind === "ready"
      ? {
          subject: exportReadySubject(realmLabel, noRowsMatched),
          ...(await renderEmail(
            ExportReadyEmail({
              ...common,
              rows: rowsInWords(row),
              size: formatBytes(row.sizeBytes ?? 0),
              expires: row.expiresAt ? formatDateTimeIn(row.expiresAt, timezone) : "the end of the retention period",
              downloadUrl: downloadUrlFor(appUrl, row.id),
              noRowsMatched,
            }),
          )),
        }
      : {
          subject: `Your ${realmLabel} export failed`,
          ...(await renderEmail(
            ExportFailedEmail({ ...common, reason: row.error ?? "The export could not be completed.", resubmitUrl: `${appUrl}/exports?export=${row.id}` }),
          )),
        };
  const result = await sendMail({ to: recipient.email, ...message, idempotencyKey: `export-${row.id}-${kind}` });
  return { sent: !result.duplicate, id: result.id };
}

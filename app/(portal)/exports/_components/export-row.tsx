"use client";

import { ChevronDown, ChevronRight } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { partsText } from "@/lib/export-requests/part-bounds";
import { rangeInWords } from "@/lib/exports/range";
import { exportHref } from "@/lib/workspaces/url";
import { RelativeTime } from "../../_components/relative-time";
import { formatBytes, formatDate, formatDateTime, formatNumber } from "../_lib/format";
import type { ExportView, Workspace } from "../_lib/types";
import { ExportProgress, ExportStatus } from "./export-status";
import { RowActions } from "./row-actions";

// Status second, well left of the sticky actions column, so a table scrolled sideways never hides it.
export const COLUMNS = ["Export", "Status", "Requested", "Rows", "Archive size", "Expires", "Actions"] as const;

/** A cell: a labelled line of a card on a phone, a table cell from md up. */
const CELL = "flex items-baseline justify-between gap-3 md:table-cell md:px-2 md:py-2";

/** A card's label for a value the table's header names from md up. */
function CardLabel({ children }: { children: string }) {
  return <span className="text-xs font-medium text-slate-500 md:hidden">{children}</span>;
}

/** The dates in the row: "2025-07-01 to 2026-06-30"; the full wording (open ends, timezone) is its title. */
function shortRange(e: ExportView): string {
  return `${e.dateFrom ?? "first record"} to ${e.dateTo ?? "request time"}`;
}

function rowsText(e: ExportView): string {
  if (e.noRowsMatched) return "0";
  if (e.rowCount !== null) return formatNumber(e.rowCount);
  if (e.rowsEstimate !== null) return `≈ ${formatNumber(e.rowsEstimate)}`;
  return "—";
}

/**
 * One export in the status table, with an expandable line of details underneath. The server renders the
 * first page in its own timezone; the browser's may differ, so the times say suppressHydrationWarning.
 */
export function ExportRow({ e, workspace }: { e: ExportView; workspace: Workspace }) {
  const [open, setOpen] = useState(false);
  const detailsId = `export-details-${e.id}`;
  return (
    <>
      <tr
        data-export-id={e.id}
        data-status={e.status}
        className="flex flex-col gap-2 rounded-lg border border-slate-200 bg-white p-3 align-top md:table-row md:rounded-none md:border-0 md:p-0"
      >
        <td className="block md:table-cell md:px-2 md:py-2">
          <div className="flex items-start gap-1">
            <Button
              variant="ghost"
              size="icon"
              className="-ml-2 size-6 shrink-0"
              aria-expanded={open}
              aria-controls={detailsId}
              aria-label={`Details of ${e.name}`}
              onClick={() => setOpen(!open)}
            >
              {open ? <ChevronDown aria-hidden className="size-4" /> : <ChevronRight aria-hidden className="size-4" />}
            </Button>
            <div className="min-w-0 md:min-w-40">
              {/* The row opens the export's own page; focused after "Request export" so the new one is in view. */}
              <Link
                href={exportHref(workspace, e.id)}
                className="block font-medium break-words text-slate-900 underline-offset-2 hover:underline focus-visible:underline"
                data-testid="export-name"
                data-export-link=""
              >
                {e.name}
              </Link>
              <div className="text-xs text-slate-600">
                <span data-testid="export-scope">{e.scopeLabel}</span> · <span data-testid="export-realm">{e.realmLabel}</span> ·{" "}
                <span data-testid="export-format">{e.formatLabel}</span>
              </div>
              <div className="text-xs whitespace-nowrap text-slate-600" data-testid="export-dates" title={`${rangeInWords(e)}, ${e.timezone}`}>
                {shortRange(e)}
              </div>
            </div>
          </div>
        </td>
        {/* First on a card: what people look for on a phone is whether it is done. */}
        <td className="order-first block md:order-none md:table-cell md:px-2 md:py-2">
          <div className="flex flex-col items-start gap-1.5">
            <ExportStatus e={e} />
            <ExportProgress e={e} />
          </div>
        </td>
        <td className={CELL}>
          <CardLabel>Requested</CardLabel>
          <div className="min-w-0 text-right md:text-left">
            <div className="max-w-40 truncate" title={e.requestedBy.email}>
              {e.requestedBy.isYou ? "You" : e.requestedBy.name || e.requestedBy.email}
            </div>
            <RelativeTime iso={e.createdAt} className="text-xs whitespace-nowrap text-slate-600" />
          </div>
        </td>
        <td className={`${CELL} whitespace-nowrap tabular-nums md:text-right`}>
          <CardLabel>Rows</CardLabel>
          <span data-testid="export-rows">{rowsText(e)}</span>
        </td>
        <td className={`${CELL} whitespace-nowrap tabular-nums md:text-right`}>
          <CardLabel>Archive size</CardLabel>
          {e.sizeBytes !== null ? formatBytes(e.sizeBytes) : "—"}
        </td>
        <td className={`${CELL} whitespace-nowrap`}>
          <CardLabel>Expires</CardLabel>
          {e.expiresAt ? (
            <time dateTime={e.expiresAt} title={formatDateTime(e.expiresAt)} suppressHydrationWarning>
              {formatDate(e.expiresAt)}
            </time>
          ) : (
            "—"
          )}
        </td>
        {/* Sticky from md up, so Download and the actions stay in reach when the table scrolls sideways. */}
        <td className="right-0 block md:sticky md:table-cell md:bg-white/95 md:px-2 md:py-2">
          <RowActions e={e} workspace={workspace} />
        </td>
      </tr>
      {open ? (
        <tr id={detailsId} className="block rounded-lg bg-slate-50 md:table-row md:rounded-none">
          <td colSpan={COLUMNS.length} className="block px-3 py-3 md:table-cell">
            <ExportDetails e={e} />
          </td>
        </tr>
      ) : null}
    </>
  );
}

function ExportDetails({ e }: { e: ExportView }) {
  const items: [string, string][] = [
    ["Name", e.name],
    ["Dates", rangeInWords(e)],
    ["Timezone", e.timezone],
    ["Files", partsText(e.parts)],
    // Several realms: the Rows column is their total, and each realm's share is here.
    ...(e.realms.length > 1 && e.rowsByRealm
      ? [["Rows per realm", e.rowsByRealm.map((r) => `${r.realmLabel} ${formatNumber(r.rows)}`).join(" · ")] as [string, string]]
      : []),
    ["Requested by", e.requestedBy.email],
    ["Requested at", formatDateTime(e.createdAt)],
    ["Finished at", e.completedAt ? formatDateTime(e.completedAt) : "—"],
    ["First downloaded", e.firstDownloadedAt ? formatDateTime(e.firstDownloadedAt) : "Not yet"],
    ["Downloads", formatNumber(e.downloadCount)],
    ["Checksum (SHA-256)", e.sha256 ?? "—"],
    ["Export id", e.id],
  ];
  return (
    <div className="flex flex-col gap-2 text-xs">
      <dl className="grid gap-x-6 gap-y-1 sm:grid-cols-[auto_1fr]">
        {items.map(([k, v]) => (
          <div key={k} className="contents">
            <dt className="font-medium text-slate-600">{k}</dt>
            <dd className="break-all text-slate-900">{v}</dd>
          </div>
        ))}
        {e.realms.map((r) => (
          <div key={r.realm} className="contents">
            <dt className="font-medium text-slate-600">
              Fields{e.realms.length > 1 ? ` of ${r.realm}` : ""} ({r.fields.length})
            </dt>
            <dd className="font-mono break-words text-slate-900">{r.fields.join(", ")}</dd>
          </div>
        ))}
        {e.error ? (
          <>
            <dt className="font-medium text-slate-600">Error</dt>
            <dd className="text-red-800">{e.error}</dd>
          </>
        ) : null}
      </dl>
    </div>
  );
}

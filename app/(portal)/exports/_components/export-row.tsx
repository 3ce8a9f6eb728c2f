"use client";

import { ChevronDown, ChevronRight } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { partsText } from "@/lib/export-requests/part-bounds";
import { rangeInWords } from "@/lib/exports/range";
import { exportHref } from "@/lib/workspaces/url";
import { formatBytes, formatDate, formatDateTime, formatNumber, formatRelative } from "../_lib/format";
import type { ExportView, Workspace } from "../_lib/types";
import { ExportProgress, ExportStatus } from "./export-status";
import { RowActions } from "./row-actions";

export const COLUMNS = ["Export", "Requested", "Status", "Rows", "Archive size", "Expires", "Actions"] as const;

function rowsText(e: ExportView): string {
  if (e.rowCount !== null) return formatNumber(e.rowCount);
  if (e.rowsEstimate !== null) return `≈ ${formatNumber(e.rowsEstimate)}`;
  return "—";
}

/** One export in the status table, with an expandable line of details underneath. */
export function ExportRow({ e, workspace, now }: { e: ExportView; workspace: Workspace; now: number }) {
  const [open, setOpen] = useState(false);
  const detailsId = `export-details-${e.id}`;
  return (
    <>
      <tr data-export-id={e.id} data-status={e.status} className="align-top">
        <td className="px-2 py-2">
          <div className="flex items-start gap-1">
            <Button
              variant="ghost"
              size="icon"
              className="-ml-2 size-6 shrink-0"
              aria-expanded={open}
              aria-controls={detailsId}
              aria-label={`Details of the ${e.realmLabel} export of ${e.scopeLabel}`}
              onClick={() => setOpen(!open)}
            >
              {open ? <ChevronDown aria-hidden className="size-4" /> : <ChevronRight aria-hidden className="size-4" />}
            </Button>
            <div className="min-w-28">
              {/* The row opens the export's own page; focused after "Request export" so the new one is in view. */}
              <Link
                href={exportHref(workspace, e.id)}
                className="block font-medium text-slate-900 underline-offset-2 hover:underline focus-visible:underline"
                data-testid="export-scope"
                data-export-link=""
              >
                {e.scopeLabel}
              </Link>
              <div className="text-xs text-slate-600">
                <span data-testid="export-realm">{e.realmLabel}</span> · <span data-testid="export-format">{e.formatLabel}</span>
              </div>
            </div>
          </div>
        </td>
        <td className="px-2 py-2">
          <div className="max-w-40 truncate" title={e.requestedBy.email}>
            {e.requestedBy.isYou ? "You" : e.requestedBy.name || e.requestedBy.email}
          </div>
          <time dateTime={e.createdAt} title={formatDateTime(e.createdAt)} className="text-xs whitespace-nowrap text-slate-600">
            {formatRelative(e.createdAt, now)}
          </time>
        </td>
        <td className="px-2 py-2">
          <div className="flex flex-col items-start gap-1.5">
            <ExportStatus e={e} />
            <ExportProgress e={e} />
          </div>
        </td>
        <td className="px-2 py-2 text-right whitespace-nowrap tabular-nums" data-testid="export-rows">
          {rowsText(e)}
        </td>
        <td className="px-2 py-2 text-right whitespace-nowrap tabular-nums">{e.sizeBytes !== null ? formatBytes(e.sizeBytes) : "—"}</td>
        <td className="px-2 py-2 whitespace-nowrap">
          {e.expiresAt ? (
            <time dateTime={e.expiresAt} title={formatDateTime(e.expiresAt)}>
              {formatDate(e.expiresAt)}
            </time>
          ) : (
            "—"
          )}
        </td>
        {/* Sticky so Download and the actions stay in reach when a narrow screen scrolls the table sideways. */}
        <td className="sticky right-0 bg-white/95 px-2 py-2">
          <RowActions e={e} workspace={workspace} />
        </td>
      </tr>
      {open ? (
        <tr id={detailsId} className="bg-slate-50">
          <td colSpan={COLUMNS.length} className="px-3 py-3">
            <ExportDetails e={e} />
          </td>
        </tr>
      ) : null}
    </>
  );
}

function ExportDetails({ e }: { e: ExportView }) {
  const items: [string, string][] = [
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

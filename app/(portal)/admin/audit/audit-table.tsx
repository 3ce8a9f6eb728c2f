import type { AuditEventView } from "@/lib/admin/audit-log";

/** "2026-05-01 12:34:56 UTC": one timezone for everyone reading the same trail. */
function utc(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
}

function bytes(n: number | null): string {
  if (n === null) return "—";
  if (n < 1024) return `${n} B`;
  const units = ["KiB", "MiB", "GiB", "TiB"];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(1)} ${units[i]}`;
}

/** What changed, in a line: who was added, which role, which limits. */
function summary(e: AuditEventView): string {
  const d = e.details ?? {};
  const text = (k: string) => (typeof d[k] === "string" ? String(d[k]) : null);
  if (e.action.startsWith("member.")) return [text("email"), text("role")].filter(Boolean).join(" · ");
  if (e.action === "role.updated") return text("role") ?? "";
  if (e.action === "settings.updated") return Object.keys(d).join(", ");
  if (e.action.startsWith("study.") || e.action.startsWith("cohort.")) return text("name") ?? "";
  if (e.action.startsWith("token.")) return [text("name"), text("prefix")].filter(Boolean).join(" · ");
  return "";
}

/** The trail as a table that scrolls sideways on a phone rather than squeezing its columns; time and action come first. */
export function AuditTable({ items }: { items: AuditEventView[] }) {
  return (
    <div
      role="region"
      aria-label="Audit events, scrollable"
      tabIndex={0}
      className="overflow-x-auto rounded-lg border border-slate-200 bg-white focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500"
    >
      <table className="w-full min-w-[56rem] text-left text-sm">
        <thead className="bg-slate-50 text-xs text-slate-600">
          <tr>
            <th scope="col" className="px-3 py-2 font-medium">
              Time
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              Action
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              Actor
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              Details
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              Export
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              IP
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              Browser
            </th>
            <th scope="col" className="px-3 py-2 text-right font-medium">
              Bytes served
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {items.map((e) => (
            <tr key={e.id} data-audit-action={e.action}>
              <td className="px-3 py-2 whitespace-nowrap">
                <time dateTime={e.at}>{utc(e.at)}</time>
              </td>
              <td className="px-3 py-2 font-mono text-xs">{e.action}</td>
              <td className="px-3 py-2">
                {e.actor}
                {e.viaToken ? <span className="block text-xs text-slate-500">via API token</span> : null}
              </td>
              <td className="px-3 py-2">
                {summary(e)}
                {e.tenantName ? <span className="block text-xs text-slate-500">{e.tenantName}</span> : null}
              </td>
              <td className="px-3 py-2 font-mono text-xs" title={e.exportId ?? undefined}>
                {e.exportId ? e.exportId.slice(0, 8) : "—"}
              </td>
              <td className="px-3 py-2 font-mono text-xs">{e.ipAddress ?? "—"}</td>
              <td className="max-w-56 truncate px-3 py-2 text-xs" title={e.userAgent ?? undefined}>
                {e.client ?? "—"}
              </td>
              <td className="px-3 py-2 text-right tabular-nums">{bytes(e.bytesServed)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

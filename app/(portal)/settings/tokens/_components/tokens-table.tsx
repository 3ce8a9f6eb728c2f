import { Badge } from "@/components/ui/misc";
import type { TokenView } from "../_lib/types";
import { RevokeTokenButton } from "./revoke-token-button";

/** Dates in UTC, the same on the server and in every browser. */
function When({ iso, empty }: { iso: string | null; empty: string }) {
  if (!iso) return <span className="text-slate-500">{empty}</span>;
  return <time dateTime={iso}>{iso.slice(0, 16).replace("T", " ")} UTC</time>;
}

/** The tokens that apply in this tenant; secrets are never here, only the prefix each token starts with. */
export function TokensTable({ tokens, organizationId, showOwner }: { tokens: TokenView[]; organizationId: string; showOwner: boolean }) {
  if (tokens.length === 0) return <p className="text-sm text-slate-600">No API tokens yet.</p>;
  return (
    // Scrolls inside itself; relative, so the header's screen-reader-only label (absolutely placed) scrolls with it too.
    <div className="relative overflow-x-auto" role="region" aria-label="API tokens table" tabIndex={0}>
      <table className="w-full text-left text-sm">
        <thead className="text-xs text-slate-600">
          <tr>
            <th scope="col" className="py-2 pr-3 font-medium">
              Name
            </th>
            <th scope="col" className="py-2 pr-3 font-medium">
              Scopes
            </th>
            <th scope="col" className="py-2 pr-3 font-medium">
              Applies to
            </th>
            {showOwner ? (
              <th scope="col" className="py-2 pr-3 font-medium">
                Owner
              </th>
            ) : null}
            <th scope="col" className="py-2 pr-3 font-medium">
              Created · last used
            </th>
            <th scope="col" className="py-2 pr-3 font-medium">
              Status
            </th>
            <th scope="col" className="py-2 font-medium">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {tokens.map((t) => (
            <tr key={t.id} data-token-id={t.id} className={t.revokedAt || t.expired ? "align-top text-slate-500" : "align-top"}>
              <td className="py-2 pr-3">
                <span className="font-medium">{t.name}</span>
                <span className="block font-mono text-xs text-slate-600" title="The start of the token; the rest is never shown again">
                  {t.prefix}_…
                </span>
              </td>
              <td className="py-2 pr-3">
                <ul className="flex flex-col gap-0.5 text-xs">
                  {t.scopes.map((s) => (
                    <li key={s}>
                      <code>{s}</code>
                    </li>
                  ))}
                </ul>
              </td>
              <td className="py-2 pr-3">{t.tenantName ?? "All tenants"}</td>
              {showOwner ? <td className="py-2 pr-3 break-all">{t.isYours ? "You" : t.ownerEmail}</td> : null}
              <td className="py-2 pr-3 text-xs whitespace-nowrap">
                <span className="block">
                  Created <When iso={t.createdAt} empty="" />
                </span>
                <span className="block" data-testid="token-last-used">
                  Last used <When iso={t.lastUsedAt} empty="never" />
                </span>
              </td>
              <td className="py-2 pr-3" data-testid="token-status">
                {t.revokedAt ? (
                  <>
                    <Badge className="bg-slate-100 text-slate-700">Revoked</Badge>
                    <span className="block text-xs whitespace-nowrap">
                      <When iso={t.revokedAt} empty="" />
                    </span>
                  </>
                ) : t.expired ? (
                  <>
                    <Badge className="bg-amber-50 text-amber-900">Expired</Badge>
                    <span className="block text-xs whitespace-nowrap">
                      <When iso={t.expiresAt} empty="" />
                    </span>
                  </>
                ) : (
                  <>
                    <Badge className="bg-emerald-50 text-emerald-900">Active</Badge>
                    <span className="block text-xs whitespace-nowrap" data-testid="token-expires">
                      {t.expiresAt ? (
                        <>
                          Expires <When iso={t.expiresAt} empty="" />
                        </>
                      ) : (
                        "Never expires"
                      )}
                    </span>
                  </>
                )}
              </td>
              <td className="py-2 text-right">{t.canRevoke ? <RevokeTokenButton organizationId={organizationId} id={t.id} name={t.name} /> : null}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

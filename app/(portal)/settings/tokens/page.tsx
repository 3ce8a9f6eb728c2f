import type { Metadata } from "next";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Alert } from "@/components/ui/misc";
import { getDb } from "@/db/client";
import { SCOPE_DESCRIPTIONS, TOKEN_SCOPES } from "@/lib/api-tokens/scopes";
import { listTenantTokens, NO_TOKEN_PERMISSION } from "@/lib/api-tokens/service";
import { requireUser } from "@/app/_lib/session";
import { tenantPageWorkspace } from "@/app/_lib/workspace-page";
import { can } from "@/lib/permissions/guard";
import { CreateTokenForm } from "./_components/create-token-form";
import { TokensTable } from "./_components/tokens-table";

export const metadata: Metadata = { title: "Developer · API tokens" };

export default async function TokensPage() {
  const user = await requireUser("/settings/tokens");
  const { choices, selected } = await tenantPageWorkspace(user.id, "/settings/tokens");
  if (!selected) {
    return (
      <Alert tone="info" className="mx-auto mt-8 max-w-xl text-center">
        {choices.length > 0 ? "Select an organization and tenant to manage its API tokens." : "You are not a member of any organization yet."}
      </Alert>
    );
  }

  const workspace = {
    organizationId: selected.organizationId,
    tenantId: selected.tenantId,
    organizationName: selected.organizationName,
    tenantName: selected.tenantName,
  };
  const { access, orgAccess, items } = await listTenantTokens(getDb(), { userId: user.id, context: { ip: null, userAgent: null } }, workspace);
  // Everyone who may read exports may have tokens of their own; tokens.manage adds everyone else's.
  const canCreate = can(access, "data.exports.read");
  const canManage = can(access, "tokens.manage");
  const scopes = TOKEN_SCOPES.filter((s) => access.permissions.has(s)).map((id) => ({ id, description: SCOPE_DESCRIPTIONS[id] }));

  return (
    <div className="flex min-w-0 flex-col gap-4">
      <div>
        <h1 className="text-xl font-semibold">Developer</h1>
        <p className="text-sm text-slate-600">
          {selected.organizationName} / {selected.tenantName} · API tokens let scripts call the{" "}
          <a href="/api/v1/openapi.json" className="text-indigo-700 underline underline-offset-2 hover:text-indigo-900">
            REST API
          </a>{" "}
          as you, with <code>Authorization: Bearer &lt;token&gt;</code>.
        </p>
      </div>
      <div className="grid min-w-0 grid-cols-[minmax(0,1fr)] items-start gap-6 lg:grid-cols-[minmax(0,22rem)_minmax(0,1fr)]">
        <Card aria-labelledby="new-token-heading" className="min-w-0">
          <CardHeader>
            <CardTitle id="new-token-heading">New API token</CardTitle>
          </CardHeader>
          <CardContent>
            {!canCreate ? (
              <Alert tone="info" data-testid="no-token-permission">
                {NO_TOKEN_PERMISSION}
              </Alert>
            ) : (
              <CreateTokenForm workspace={workspace} scopes={scopes} allowOrganizationWide={can(orgAccess, "data.exports.read")} />
            )}
          </CardContent>
        </Card>
        <Card aria-labelledby="tokens-heading" className="min-w-0">
          <CardHeader>
            <CardTitle id="tokens-heading">{canManage ? "API tokens" : "Your API tokens"}</CardTitle>
            <p className="text-xs text-slate-600">
              {canManage
                ? "Everyone's tokens for this tenant and, for organization admins, those for all tenants."
                : "The tokens you created for this tenant or for all tenants. Only you and token admins see them."}{" "}
              Revoked and expired tokens stay listed for the record.
            </p>
          </CardHeader>
          <CardContent>
            <TokensTable tokens={items} organizationId={selected.organizationId} showOwner={canManage} />
          </CardContent>
        </Card>
      </div>
    </div>
  );
}

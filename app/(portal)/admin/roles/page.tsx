import type { Metadata } from "next";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Alert, Badge } from "@/components/ui/misc";
import { getDb } from "@/db/client";
import { listRoles } from "@/lib/admin/roles";
import { isPermission, PERMISSIONS } from "@/lib/permissions/roles";
import { getRealm, listRealms } from "@/lib/realms/catalog";
import { adminContext, guardedRead } from "../_lib/context";
import { RoleForm } from "./_components/role-form";
import { PERMISSION_LABELS } from "./_lib/labels";

export const metadata: Metadata = { title: "Roles" };

export default async function RolesPage() {
  const ctx = await adminContext();
  if (ctx.kind !== "ok") return null;
  const result = await guardedRead(() => listRoles(getDb(), ctx.actor, ctx.place));
  if (!result.ok) return <Alert tone="info">{result.message}</Alert>;
  const permissions = PERMISSIONS.map((id) => ({ id, ...PERMISSION_LABELS[id] }));
  const realms = listRealms().map((r) => ({ id: r.id, label: r.label, description: r.description }));

  return (
    <div className="flex flex-col gap-4">
      <p className="text-sm text-slate-600">
        A role says what its members may do and which realms they may export. Changes apply at once to everyone with the role, including downloads of archives
        made before.
      </p>
      <ul aria-label="Roles" className="grid gap-4 xl:grid-cols-2">
        {result.data.map((role) => (
          <li key={role.id}>
            <Card aria-labelledby={`role-${role.id}-heading`} data-role-key={role.key}>
              <CardHeader>
                <CardTitle id={`role-${role.id}-heading`}>{role.name}</CardTitle>
                <p className="text-xs text-slate-600">{role.memberCount === 1 ? "1 membership" : `${role.memberCount} memberships`}</p>
                <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
                  <dt className="text-slate-500">May</dt>
                  <dd data-testid="role-permissions" className="flex flex-wrap gap-1">
                    {role.permissions.length === 0 ? "nothing yet" : null}
                    {role.permissions.map((p) => (
                      <Badge key={p} className="bg-slate-100 text-slate-800">
                        {isPermission(p) ? PERMISSION_LABELS[p].label : p}
                      </Badge>
                    ))}
                  </dd>
                  <dt className="text-slate-500">Realms</dt>
                  <dd data-testid="role-realms">{role.realms.length === 0 ? "none" : role.realms.map((r) => getRealm(r)?.label ?? r).join(", ")}</dd>
                </dl>
              </CardHeader>
              <CardContent>
                <details>
                  <summary className="cursor-pointer text-sm font-medium text-indigo-700">Edit {role.name}</summary>
                  <RoleForm role={role} place={ctx.place} permissions={permissions} realms={realms} />
                </details>
              </CardContent>
            </Card>
          </li>
        ))}
      </ul>
    </div>
  );
}

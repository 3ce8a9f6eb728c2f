import { NativeSelect } from "@/components/ui/input";
import { describedBy, Field } from "../../_components/admin-form";

export interface MemberOptions {
  roles: { id: string; name: string }[];
  tenants: { id: string; name: string }[];
  /** Only organization admins may give access to all tenants. */
  allowAllTenants: boolean;
}

/** The role and tenant pickers shared by the add and edit forms; `idPrefix` keeps ids unique per row. */
export function RoleAndTenantFields({
  idPrefix,
  options,
  errors,
  defaults,
  labelSuffix = "",
}: {
  idPrefix: string;
  options: MemberOptions;
  errors: { roleId?: string; tenantId?: string };
  defaults?: { roleId: string; tenantId: string | null };
  labelSuffix?: string;
}) {
  const roleId = `${idPrefix}-role`;
  const tenantId = `${idPrefix}-tenant`;
  return (
    <>
      <Field id={roleId} label={`Role${labelSuffix}`} error={errors.roleId}>
        <NativeSelect id={roleId} name="roleId" required defaultValue={defaults?.roleId ?? ""} {...describedBy(roleId, errors.roleId)}>
          {defaults ? null : (
            <option value="" disabled>
              Choose a role…
            </option>
          )}
          {options.roles.map((r) => (
            <option key={r.id} value={r.id}>
              {r.name}
            </option>
          ))}
        </NativeSelect>
      </Field>
      <Field
        id={tenantId}
        label={`Tenant${labelSuffix}`}
        error={errors.tenantId}
        hint={options.allowAllTenants ? "All tenants makes them a member of the whole organization." : undefined}
      >
        <NativeSelect
          id={tenantId}
          name="tenantId"
          defaultValue={defaults ? (defaults.tenantId ?? "") : (options.tenants[0]?.id ?? "")}
          {...describedBy(tenantId, errors.tenantId, options.allowAllTenants)}
        >
          {options.allowAllTenants ? <option value="">All tenants (organization-wide)</option> : null}
          {options.tenants.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name}
            </option>
          ))}
        </NativeSelect>
      </Field>
    </>
  );
}

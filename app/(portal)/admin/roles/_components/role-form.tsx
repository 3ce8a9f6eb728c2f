"use client";

import { useActionState } from "react";
import type { ActionResult } from "@/lib/errors/action-result";
import { Button } from "@/components/ui/button";
import { FieldError } from "@/components/ui/input";
import { Alert } from "@/components/ui/misc";
import type { RoleView } from "@/lib/admin/roles";
import { fieldErrorOf, PlaceFields, useResultToast, useSubmit } from "../../_components/admin-form";
import { updateRoleAction } from "../actions";

interface Choice {
  id: string;
  label: string;
  description: string;
}

/** Checkboxes for a role's permissions and realms. The server refuses what the boxes cannot express. */
export function RoleForm({
  role,
  place,
  permissions,
  realms,
}: {
  role: RoleView;
  place: { organizationId: string; tenantId: string | null };
  permissions: Choice[];
  realms: Choice[];
}) {
  const [state, formAction, pending] = useActionState<ActionResult<{ changed: boolean }> | null, FormData>(updateRoleAction, null);
  useResultToast(state, (d) => (d.changed ? `Saved the ${role.name} role.` : `The ${role.name} role already has these rights.`));
  const onSubmit = useSubmit(formAction);
  const errors = { permissions: fieldErrorOf(state, "permissions"), realms: fieldErrorOf(state, "realms") };
  const formError = state && !state.ok && !errors.permissions && !errors.realms ? state.message : null;
  const prefix = `role-${role.id}`;

  return (
    <form onSubmit={onSubmit} aria-label={`Edit ${role.name}`} className="mt-3 flex flex-col gap-4">
      <PlaceFields place={place} />
      <input type="hidden" name="roleId" value={role.id} />
      <CheckboxGroup
        name="permissions"
        legend={`Permissions of ${role.name}`}
        prefix={prefix}
        choices={permissions}
        checked={role.permissions}
        locked={role.locked}
        error={errors.permissions}
      />
      <CheckboxGroup
        name="realms"
        legend={`Realms ${role.name} may export`}
        prefix={prefix}
        choices={realms}
        checked={role.realms}
        locked={[]}
        error={errors.realms}
      />
      {formError ? <Alert tone="error">{formError}</Alert> : null}
      <Button type="submit" disabled={pending} className="self-start">
        {pending ? "Saving…" : `Save ${role.name}`}
      </Button>
    </form>
  );
}

function CheckboxGroup(props: { name: string; legend: string; prefix: string; choices: Choice[]; checked: string[]; locked: string[]; error?: string }) {
  const errorId = `${props.prefix}-${props.name}-error`;
  return (
    <fieldset className="flex flex-col gap-2" aria-describedby={props.error ? errorId : undefined}>
      <legend className="mb-1 text-sm font-medium text-slate-800">{props.legend}</legend>
      {props.choices.map((c) => {
        const id = `${props.prefix}-${props.name}-${c.id}`;
        const locked = props.locked.includes(c.id);
        return (
          <div key={c.id} className="flex items-start gap-2">
            <input
              id={id}
              type="checkbox"
              name={props.name}
              value={c.id}
              defaultChecked={props.checked.includes(c.id) || locked}
              disabled={locked}
              aria-describedby={`${id}-hint`}
              className="mt-1 size-4 accent-indigo-700"
            />
            {/* A disabled box is not submitted; the locked permission still has to reach the server. */}
            {locked ? <input type="hidden" name={props.name} value={c.id} /> : null}
            <div className="text-sm">
              <label htmlFor={id} className="font-medium text-slate-900">
                {c.label}
              </label>
              <p id={`${id}-hint`} className="text-xs text-slate-600">
                {c.description}
                {locked ? " Always on for this role, so the organization cannot lock itself out." : ""}
              </p>
            </div>
          </div>
        );
      })}
      <FieldError id={errorId} message={props.error} />
    </fieldset>
  );
}

"use client";

import { useActionState, useRef, useState } from "react";
import type { ActionResult } from "@/lib/errors/action-result";
import { Button } from "@/components/ui/button";
import { Alert, Badge } from "@/components/ui/misc";
import type { MemberView } from "@/lib/admin/members";
import { fieldErrorOf, PlaceFields, useResultToast, useSubmit } from "../../_components/admin-form";
import { updateMemberAction } from "../actions";
import { RoleAndTenantFields, type MemberOptions } from "./member-fields";
import { RemoveMemberButton } from "./remove-member";

type Place = { organizationId: string; tenantId: string | null };

/** One member: who, role, where, since when; editing opens in place so focus stays in the row. */
export function MemberRow({ member, place, options }: { member: MemberView; place: Place; options: MemberOptions }) {
  const [editing, setEditing] = useState(false);
  const editButton = useRef<HTMLButtonElement>(null);
  const formId = `edit-member-${member.id}`;
  // Saving closes the form; focus goes back to the button that opened it instead of falling to the page.
  const done = () => {
    setEditing(false);
    editButton.current?.focus();
  };
  return (
    <li className="flex flex-col gap-3 p-3" data-member-email={member.email}>
      <div className="flex flex-wrap items-start gap-x-4 gap-y-2">
        <div className="min-w-0 basis-full sm:basis-0 sm:flex-1">
          <p className="font-medium break-all text-slate-900">
            {member.email} {member.isYou ? <Badge className="bg-slate-100 text-slate-700">you</Badge> : null}
          </p>
          {member.name ? <p className="truncate text-sm text-slate-600">{member.name}</p> : null}
        </div>
        <dl className="grid flex-1 grid-cols-[auto_1fr] gap-x-2 text-sm sm:flex-none sm:grid-cols-[auto_auto_auto_auto_auto_auto] sm:gap-x-3">
          <dt className="text-slate-500">Role</dt>
          <dd data-testid="member-role">{member.roleName}</dd>
          <dt className="text-slate-500">Tenant</dt>
          <dd data-testid="member-tenant">{member.tenantName ?? "All tenants"}</dd>
          <dt className="text-slate-500">Added</dt>
          <dd>
            <time dateTime={member.addedAt}>{member.addedAt.slice(0, 10)}</time>
          </dd>
        </dl>
        <div className="flex gap-2">
          <Button
            ref={editButton}
            type="button"
            variant="outline"
            size="sm"
            aria-expanded={editing}
            aria-controls={formId}
            onClick={() => setEditing((v) => !v)}
          >
            {editing ? "Close" : "Edit"}
            <span className="sr-only"> {member.email}</span>
          </Button>
          <RemoveMemberButton member={member} place={place} />
        </div>
      </div>
      {editing ? <EditMemberForm id={formId} member={member} place={place} options={options} onDone={done} /> : null}
    </li>
  );
}

function EditMemberForm({ id, member, place, options, onDone }: { id: string; member: MemberView; place: Place; options: MemberOptions; onDone: () => void }) {
  const [state, formAction, pending] = useActionState<ActionResult<{ changed: boolean }> | null, FormData>(updateMemberAction, null);
  useResultToast(state, (d) => (d.changed ? `Updated ${member.email}.` : "Nothing to change."), onDone);
  const onSubmit = useSubmit(formAction);
  const errors = { roleId: fieldErrorOf(state, "roleId"), tenantId: fieldErrorOf(state, "tenantId") };
  const formError = state && !state.ok && !errors.roleId && !errors.tenantId ? state.message : null;
  // The member's current role stays choosable even when the actor could not grant it anew.
  const roles = options.roles.some((r) => r.id === member.roleId) ? options.roles : [{ id: member.roleId, name: member.roleName }, ...options.roles];
  return (
    <form
      id={id}
      onSubmit={onSubmit}
      aria-label={`Change ${member.email}`}
      className="grid gap-3 rounded-md bg-slate-50 p-3 sm:grid-cols-[1fr_1fr_auto] sm:items-start"
    >
      <PlaceFields place={place} />
      <input type="hidden" name="membershipId" value={member.id} />
      <RoleAndTenantFields
        idPrefix={id}
        options={{ ...options, roles }}
        errors={errors}
        defaults={{ roleId: member.roleId, tenantId: member.tenantId }}
        labelSuffix={` for ${member.email}`}
      />
      <Button type="submit" disabled={pending} className="sm:mt-6">
        {pending ? "Saving…" : "Save"}
      </Button>
      {formError ? (
        <Alert tone="error" className="sm:col-span-3">
          {formError}
        </Alert>
      ) : null}
    </form>
  );
}

"use client";

import { useActionState, useRef } from "react";
import type { ActionResult } from "@/lib/errors/action-result";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Alert } from "@/components/ui/misc";
import { describedBy, Field, fieldErrorOf, PlaceFields, useResultToast, useSubmit } from "../../_components/admin-form";
import { addMemberAction } from "../actions";
import { RoleAndTenantFields, type MemberOptions } from "./member-fields";

const FORM_FIELDS = ["email", "roleId", "tenantId"];

export function AddMemberForm({ place, options }: { place: { organizationId: string; tenantId: string | null }; options: MemberOptions }) {
  const [state, formAction, pending] = useActionState<ActionResult<{ email: string; newUser: boolean }> | null, FormData>(addMemberAction, null);
  const form = useRef<HTMLFormElement>(null);
  useResultToast(
    state,
    (d) => (d.newUser ? `Added ${d.email}. They can sign in with a link from the sign-in page.` : `Added ${d.email}.`),
    () => form.current?.reset(),
  );
  const onSubmit = useSubmit(formAction);
  const errors = { email: fieldErrorOf(state, "email"), roleId: fieldErrorOf(state, "roleId"), tenantId: fieldErrorOf(state, "tenantId") };
  // A refusal that is about no single field (e.g. "Tenant not found") is shown above the button.
  const formError = state && !state.ok && !FORM_FIELDS.some((f) => f in state.fieldErrors) ? state.message : null;

  if (options.roles.length === 0) return <Alert tone="info">There is no role you may hand out here. Ask an organization admin.</Alert>;
  return (
    <form ref={form} onSubmit={onSubmit} aria-labelledby="add-member-heading" className="flex flex-col gap-4" noValidate>
      <PlaceFields place={place} />
      <Field id="add-member-email" label="Email" error={errors.email}>
        <Input
          id="add-member-email"
          name="email"
          type="email"
          autoComplete="off"
          required
          placeholder="name@example.com"
          {...describedBy("add-member-email", errors.email)}
        />
      </Field>
      <RoleAndTenantFields idPrefix="add-member" options={options} errors={errors} />
      {formError ? <Alert tone="error">{formError}</Alert> : null}
      <Button type="submit" disabled={pending}>
        {pending ? "Adding…" : "Add member"}
      </Button>
    </form>
  );
}

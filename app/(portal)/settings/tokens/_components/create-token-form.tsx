"use client";

import { useState, useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { FieldError, Input, Label, NativeSelect } from "@/components/ui/input";
import { createTokenAction } from "../actions";
import type { CreatedToken, ScopeOption, TokenWorkspace } from "../_lib/types";
import { NewTokenSecret } from "./new-token-secret";
import { formText } from "@/lib/utils";

interface Props {
  workspace: TokenWorkspace;
  scopes: ScopeOption[];
  /** Whether this user may create tokens for every tenant (an organization-level token manager). */
  allowOrganizationWide: boolean;
}

/** Name, where the token applies and its scopes; after creating, the secret is shown once in place of the form. */
export function CreateTokenForm({ workspace, scopes, allowOrganizationWide }: Props) {
  const [pending, startTransition] = useTransition();
  const [created, setCreated] = useState<CreatedToken | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});

  if (created) return <NewTokenSecret created={created} workspace={workspace} onDone={() => setCreated(null)} />;

  const submit = (form: FormData) => {
    const payload = {
      organizationId: workspace.organizationId,
      tenantId: form.get("appliesTo") === "organization" ? null : workspace.tenantId,
      name: formText(form, "name"),
      scopes: form.getAll("scopes").map(String),
      expiresInDays: form.get("expiresIn") === "never" ? null : Number(form.get("expiresIn")),
    };
    startTransition(async () => {
      const result = await createTokenAction(payload);
      if (!result.ok) {
        setErrors(result.fieldErrors);
        toast.error("The token was not created", { description: result.message });
        return;
      }
      setErrors({});
      setCreated(result.data);
      toast.success("Token created", { description: "Copy it now: it is shown only once." });
    });
  };

  return (
    // noValidate: like every other form, a missing name is reported under the field by the server's check,
    // not in the browser's own bubble; `required` stays for assistive technology.
    <form action={submit} className="flex flex-col gap-4" aria-labelledby="new-token-heading" noValidate>
      <div className="flex flex-col gap-1">
        <Label htmlFor="token-name">Name</Label>
        <Input
          id="token-name"
          name="name"
          required
          maxLength={100}
          placeholder="e.g. Nightly warehouse sync"
          aria-invalid={Boolean(errors.name)}
          aria-describedby="token-name-error"
        />
        <FieldError id="token-name-error" message={errors.name} />
      </div>

      <fieldset className="flex flex-col gap-1" aria-describedby="token-tenant-error">
        <legend className="text-sm font-medium text-slate-800">Applies to</legend>
        <label className="flex items-center gap-2 text-sm">
          <input type="radio" name="appliesTo" value="tenant" defaultChecked />
          Only {workspace.tenantName}
        </label>
        {allowOrganizationWide ? (
          <label className="flex items-center gap-2 text-sm">
            <input type="radio" name="appliesTo" value="organization" />
            All tenants of {workspace.organizationName}
          </label>
        ) : (
          <p className="text-xs text-slate-600">Tokens for all tenants need an organization-level role.</p>
        )}
        <FieldError id="token-tenant-error" message={errors.tenantId} />
      </fieldset>

      <fieldset className="flex flex-col gap-2" aria-describedby="token-scopes-error">
        <legend className="text-sm font-medium text-slate-800">Scopes</legend>
        <p className="text-xs text-slate-600">A token can do only what you may do yourself, and stops working for anything you lose.</p>
        {scopes.map((s) => (
          <label key={s.id} className="flex items-start gap-2 text-sm">
            <input type="checkbox" name="scopes" value={s.id} defaultChecked={s.id === "data.exports.read"} className="mt-1" />
            <span>
              <code className="text-xs">{s.id}</code>
              <span className="block text-xs text-slate-600">{s.description}</span>
            </span>
          </label>
        ))}
        <FieldError id="token-scopes-error" message={errors.scopes} />
      </fieldset>

      <div className="flex flex-col gap-1">
        <Label htmlFor="token-expires">Expires</Label>
        <NativeSelect
          id="token-expires"
          name="expiresIn"
          defaultValue="90"
          className="max-w-xs"
          aria-invalid={Boolean(errors.expiresInDays)}
          aria-describedby="token-expires-error"
        >
          <option value="30">In 30 days</option>
          <option value="90">In 90 days</option>
          <option value="365">In a year</option>
          <option value="never">Never</option>
        </NativeSelect>
        <p className="text-xs text-slate-600">An expired token stops working; create a new one to replace it.</p>
        <FieldError id="token-expires-error" message={errors.expiresInDays} />
      </div>

      <Button type="submit" disabled={pending} className="self-start">
        {pending ? "Creating…" : "Create token"}
      </Button>
    </form>
  );
}

"use client";

import { useState, useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { FieldError, Input, Label } from "@/components/ui/input";
import { createWebhookAction } from "../actions";
import { EVENT_LABELS } from "../_lib/labels";
import { WebhookSecret } from "./webhook-secret";
import { formText } from "@/lib/utils";

/** URL and events; once registered, the secret is shown once in place of the form. */
export function RegisterWebhookForm({ organizationId }: { organizationId: string }) {
  const [pending, startTransition] = useTransition();
  const [created, setCreated] = useState<{ url: string; secret: string } | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});

  if (created) return <WebhookSecret url={created.url} secret={created.secret} onDone={() => setCreated(null)} />;

  const submit = (form: FormData) => {
    const payload = { organizationId, url: formText(form, "url"), events: form.getAll("events").map(String) };
    startTransition(async () => {
      const result = await createWebhookAction(payload);
      if (!result.ok) {
        setErrors(result.fieldErrors);
        toast.error("The endpoint was not registered", { description: result.message });
        return;
      }
      setErrors({});
      setCreated(result.data);
      toast.success("Endpoint registered", { description: "Copy its secret now: it is shown only once." });
    });
  };

  return (
    <form action={submit} className="flex flex-col gap-4" aria-labelledby="register-webhook-heading" noValidate>
      <div className="flex flex-col gap-1">
        <Label htmlFor="webhook-url">URL</Label>
        <Input
          id="webhook-url"
          name="url"
          type="url"
          required
          placeholder="https://example.com/webhooks/exports"
          aria-invalid={Boolean(errors.url)}
          aria-describedby="webhook-url-error"
        />
        <FieldError id="webhook-url-error" message={errors.url} />
      </div>
      <fieldset className="flex flex-col gap-2" aria-describedby="webhook-events-error">
        <legend className="text-sm font-medium text-slate-800">Events</legend>
        {Object.entries(EVENT_LABELS).map(([id, label]) => (
          <label key={id} className="flex items-start gap-2 text-sm">
            <input type="checkbox" name="events" value={id} defaultChecked={id !== "schedule.paused"} className="mt-1" />
            <span>
              <code className="text-xs">{id}</code>
              <span className="block text-xs text-slate-600">{label}</span>
            </span>
          </label>
        ))}
        <FieldError id="webhook-events-error" message={errors.events} />
      </fieldset>
      <Button type="submit" disabled={pending} className="self-start">
        {pending ? "Registering…" : "Register endpoint"}
      </Button>
    </form>
  );
}

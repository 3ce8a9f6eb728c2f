"use client";

import { useActionState } from "react";
import type { ActionResult } from "@/lib/errors/action-result";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Alert } from "@/components/ui/misc";
import { LIMIT_KEYS, NO_LIMIT_KEYS, type LimitKey } from "@/lib/admin/limit-bounds";
import { describedBy, Field, fieldErrorOf, PlaceFields, useResultToast, useSubmit } from "../../_components/admin-form";
import { updateLimitsAction } from "../actions";

type Bounds = Record<LimitKey, { label: string; min: number; max: number; unit: string }>;

const HINTS: Record<LimitKey, string> = {
  maxRowsPerExport: "Requests estimated above this are refused before they run.",
  maxActiveExportsPerUser: "Queued or running exports one person may have; further requests are refused until one finishes.",
  maxConcurrentExports: "How many of the organization's exports are produced at the same time; the rest wait their turn, first in, first out.",
  retentionDays: "Days a finished archive stays downloadable before it is deleted.",
  maxRangeDays: "The longest date range one export may cover. Leave it empty for no limit (exports may then leave the start and end dates open).",
};

/**
 * The editable limits. The browser's own number checks are off (noValidate) so every refusal comes from
 * the server, worded the same whichever client sent the value.
 */
export function LimitsForm({
  place,
  values,
  bounds,
}: {
  place: { organizationId: string; tenantId: string | null };
  values: Record<LimitKey, number | null>;
  bounds: Bounds;
}) {
  const [state, formAction, pending] = useActionState<ActionResult<{ changed: boolean }> | null, FormData>(updateLimitsAction, null);
  useResultToast(state, (d) => (d.changed ? "Saved the usage limits." : "The limits already had these values."));
  const onSubmit = useSubmit(formAction);
  const fieldErrorCount = state && !state.ok ? LIMIT_KEYS.filter((k) => state.fieldErrors[k]).length : 0;

  return (
    <form onSubmit={onSubmit} aria-labelledby="limits-heading" noValidate className="grid gap-4 sm:grid-cols-2">
      <PlaceFields place={place} />
      {LIMIT_KEYS.map((key) => {
        const id = `limit-${key}`;
        const b = bounds[key];
        const error = fieldErrorOf(state, key);
        const optional = NO_LIMIT_KEYS.includes(key);
        return (
          <Field
            key={key}
            id={id}
            label={b.label}
            error={error}
            hint={`${HINTS[key]} ${b.min.toLocaleString("en-US")}–${b.max.toLocaleString("en-US")}${b.unit}.`}
          >
            <Input
              id={id}
              name={key}
              // Row counts reach ten billion: a text field accepts "1,000,000" as people write it.
              type="text"
              inputMode="numeric"
              defaultValue={values[key] === null ? "" : String(values[key])}
              placeholder={optional ? "No limit" : undefined}
              required={!optional}
              {...describedBy(id, error, true)}
            />
          </Field>
        );
      })}
      {state && !state.ok && fieldErrorCount === 0 ? (
        <Alert tone="error" className="sm:col-span-2">
          {state.message}
        </Alert>
      ) : null}
      <Button type="submit" disabled={pending} className="self-start sm:col-span-2 sm:justify-self-start">
        {pending ? "Saving…" : "Save limits"}
      </Button>
    </form>
  );
}

"use client";

import { startTransition, useEffect, useRef, type FormEvent } from "react";
import { toast } from "sonner";
import type { ActionResult } from "@/lib/errors/action-result";

/** The hidden fields that tell a server action which workspace the form was shown for. */
export function PlaceFields({ place }: { place: { organizationId: string; tenantId: string | null } }) {
  return (
    <>
      <input type="hidden" name="organizationId" value={place.organizationId} />
      <input type="hidden" name="placeTenantId" value={place.tenantId ?? ""} />
    </>
  );
}

/**
 * Submits through the action without React's automatic form reset, so a refused form keeps what the
 * person typed next to the error (useResultToast's onSuccess can clear it once the change is saved).
 */
export function useSubmit(formAction: (data: FormData) => void) {
  return (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    startTransition(() => formAction(data));
  };
}

/** A toast for each new result: what was saved, or why it was not. */
export function useResultToast<T>(state: ActionResult<T> | null, success: (data: T) => string, onSuccess?: () => void) {
  const seen = useRef<ActionResult<T> | null>(null);
  useEffect(() => {
    if (!state || seen.current === state) return;
    seen.current = state;
    if (state.ok) {
      toast.success(success(state.data));
      onSuccess?.();
    } else {
      toast.error(state.message);
    }
  }, [state, success, onSuccess]);
}

export function fieldErrorOf(state: ActionResult<unknown> | null, name: string): string | undefined {
  return state && !state.ok ? state.fieldErrors[name] : undefined;
}

export { describedBy, FormField as Field } from "@/components/ui/form-field";

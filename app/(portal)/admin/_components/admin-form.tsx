"use client";

import { startTransition, useEffect, useRef, type FormEvent, type ReactNode } from "react";
import { toast } from "sonner";
import type { ActionResult } from "@/app/_lib/action-result";
import { FieldError, Label } from "@/components/ui/input";

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

/** A labelled control with its hint and error underneath, wired for screen readers through ids. */
export function Field({ id, label, hint, error, children }: { id: string; label: string; hint?: ReactNode; error?: string; children: ReactNode }) {
  return (
    <div className="flex min-w-0 flex-col gap-1.5">
      <Label htmlFor={id}>{label}</Label>
      {children}
      {hint ? (
        <p id={`${id}-hint`} className="text-xs text-slate-500">
          {hint}
        </p>
      ) : null}
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}

/** aria attributes for a control inside Field. */
export function describedBy(id: string, error?: string, hint?: boolean) {
  const ids = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ");
  return { "aria-invalid": error ? true : undefined, "aria-describedby": ids || undefined };
}

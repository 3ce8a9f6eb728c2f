import "server-only";
import { z } from "zod";
import { adminPlace, PLACE_NOT_FOUND } from "@/lib/admin/access";

/**
 * An admin form as the action wrapper reads it: the workspace it was rendered for, from its hidden fields,
 * and the fields lib/admin parses in its own words once it has checked the user may manage there. Untrusted
 * like the rest of the form: ids that are not ids are "not found", like another organization.
 */
export function adminForm<V>(values: (formData: FormData) => V) {
  return {
    input: (_prev: unknown, formData: FormData) => ({ place: placeFrom(formData), values: values(formData) }),
    schema: z.object({ place: adminPlace, values: z.custom<V>() }),
    unreadable: PLACE_NOT_FOUND,
  };
}

function placeFrom(formData: FormData): { organizationId: unknown; tenantId: unknown } {
  const tenantId = formData.get("placeTenantId");
  return { organizationId: formData.get("organizationId"), tenantId: tenantId === "" ? null : tenantId };
}

/** A text field of a form, or undefined when missing, for zod to judge. */
export function field(formData: FormData, name: string): string | undefined {
  const value = formData.get(name);
  return typeof value === "string" ? value : undefined;
}

import "server-only";
import { requestContext } from "@/app/_lib/request-context";
import type { AdminActor } from "@/lib/admin/access";
import { requireUser } from "@/app/_lib/session";

/** The signed-in user as the admin domain functions take them, with where the request came from. */
export async function signedInAdmin(): Promise<AdminActor> {
  const user = await requireUser("/admin");
  return { userId: user.id, context: await requestContext() };
}

/**
 * The workspace a form was rendered for, from its hidden fields. Untrusted like the rest of the form: the
 * domain guard checks the user may manage there, and answers "not found" for another organization.
 */
export function placeFrom(formData: FormData): { organizationId: unknown; tenantId: unknown } {
  const tenantId = formData.get("placeTenantId");
  return { organizationId: formData.get("organizationId"), tenantId: tenantId === "" ? null : tenantId };
}

/** A text field of a form, or undefined when missing, for zod to judge. */
export function field(formData: FormData, name: string): string | undefined {
  const value = formData.get(name);
  return typeof value === "string" ? value : undefined;
}

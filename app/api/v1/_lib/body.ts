import "server-only";
import { z } from "zod";
import { getDb } from "@/db/client";
import { findTenantOrganizationId } from "@/db/queries/exports-ui";
import { AppError } from "@/lib/errors/app-error";
import { zodFieldErrors } from "@/lib/export-requests/input";

export function parseOrThrow<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const errors = zodFieldErrors(parsed.error);
    throw new AppError("invalid", Object.values(errors)[0] ?? "The request is not valid", errors);
  }
  return parsed.data;
}

const envelope = z.looseObject({ organizationId: z.uuid("organizationId must be an organization id").optional() });

/**
 * An export request body and the organization it is for: `organizationId` when given, otherwise the
 * organization of its tenant. The rest of the body is passed on untouched; the service validates it.
 */
export async function readExportBody(request: Request): Promise<{ organizationId: string; body: Record<string, unknown> }> {
  const raw: unknown = await request.json().catch(() => {
    throw new AppError("invalid", "The body must be a JSON export request");
  });
  const { organizationId: given, ...body } = parseOrThrow(envelope, raw);
  const tenantId = z.uuid().safeParse(body.tenantId).success ? String(body.tenantId) : null;
  return { organizationId: await organizationFor(given, tenantId), body };
}

/** The organization a request names, or else its tenant's. */
export async function organizationFor(given: string | undefined, tenantId: string | null): Promise<string> {
  const organizationId = given ?? (tenantId ? await findTenantOrganizationId(getDb(), tenantId) : null);
  // An unknown tenant is answered like a foreign one, so ids of other organizations never leak.
  if (!organizationId) throw tenantId ? AppError.notFound("Tenant not found") : AppError.invalidField("tenantId", "Select a tenant");
  return organizationId;
}

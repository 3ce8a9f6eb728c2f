import "server-only";
import { z } from "zod";
import { getDb } from "@/db/client";
import { findTenantOrganizationId } from "@/db/queries/tenants";
import { AppError } from "@/lib/errors/app-error";
import { parseForPeople, type FieldWords } from "@/lib/errors/field-errors";
import { REQUEST_WORDS } from "@/lib/export-requests/input";

/** Query parameters and body fields as the API reference names them, for messages. */
const API_WORDS: FieldWords = {
  ...REQUEST_WORDS,
  labels: { ...REQUEST_WORDS.labels, onlyMine: "The onlyMine parameter", cursor: "The page cursor", limit: "The page size (limit)" },
};

export function parseOrThrow<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  return parseForPeople(schema, value, API_WORDS);
}

const envelope = z.looseObject(
  {
    organizationId: z
      .uuid({ error: "The organization id is not valid: use the id of one of your organizations, or leave organizationId out to use the tenant's." })
      .optional(),
  },
  { error: 'Send the export request as a JSON object, e.g. {"tenantId": "…", "scope": {"type": "tenant"}, "realm": "jobs", …}.' },
);

/**
 * An export request body and the organization it is for: `organizationId` when given, otherwise the
 * organization of its tenant. The rest of the body is passed on untouched; the service validates it.
 */
export async function readExportBody(request: Request): Promise<{ organizationId: string; body: Record<string, unknown> }> {
  const raw: unknown = await request.json().catch(() => {
    throw new AppError("invalid", "The body is not valid JSON. Send the export request as a JSON object.", { request: "The body is not valid JSON." });
  });
  const { organizationId: given, ...body } = parseOrThrow(envelope, raw);
  const tenantId = z.uuid().safeParse(body.tenantId).success ? String(body.tenantId) : null;
  return { organizationId: await organizationFor(given, tenantId), body };
}

/**
 * Where a tenant the portal does not know is looked up: an organization that cannot exist, so the request
 * goes on to the same checks, in the same order, as one naming another organization's tenant, and is
 * refused at the same step with the same words.
 */
const NO_ORGANIZATION = "00000000-0000-0000-0000-000000000000";

/** The organization a request names, or else its tenant's. */
export async function organizationFor(given: string | undefined, tenantId: string | null): Promise<string> {
  if (given) return given;
  // Without a usable tenant id the service's parse names the field; with an unknown one access says "not found".
  return (tenantId ? await findTenantOrganizationId(getDb(), tenantId) : null) ?? NO_ORGANIZATION;
}

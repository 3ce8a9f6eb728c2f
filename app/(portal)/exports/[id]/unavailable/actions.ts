"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { action } from "@/app/_lib/action";
import { exportDeps } from "@/app/_lib/export-deps";
import { AppError } from "@/lib/errors/app-error";
import { getTenantExport, queueExport, resubmitDraft } from "@/lib/export-requests/service";
import { exportHref } from "@/lib/workspaces/url";

export interface ResubmitState {
  error?: string;
}

const resubmit = action({
  signIn: "/exports",
  input: (formData: FormData) => ({ id: formData.get("id"), organizationId: formData.get("organizationId"), tenantId: formData.get("tenantId") }),
  schema: z.object({ id: z.uuid(), organizationId: z.uuid(), tenantId: z.uuid() }),
  unreadable: () => AppError.notFound("This export could not be found."),
  permission: async ({ actor }, ref) => resubmitDraft(exportDeps(), actor, await getTenantExport(exportDeps(), actor, ref)),
  run: ({ actor, allowed }) => queueExport(exportDeps(), actor, allowed),
});

/** Resubmits the export the page shows (expired, failed, cancelled or with its file gone) and opens the new one's page; a refusal (limits, rights) is shown on the page. */
export async function resubmitUnavailable(_prev: ResubmitState, formData: FormData): Promise<ResubmitState> {
  const created = await resubmit(formData);
  if (!created.ok) return { error: created.message };
  redirect(exportHref(created.data, created.data.id));
}

"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { resubmitExport } from "@/lib/export-requests/service";
import { requireUser } from "@/app/_lib/session";
import { toActionResult } from "@/lib/errors/action-result";
import { exportDeps } from "../../../../_lib/export-deps";
import { requestContext } from "../../../../_lib/request-context";

const input = z.object({ id: z.uuid(), organizationId: z.uuid(), tenantId: z.uuid() });

export interface ResubmitState {
  error?: string;
}

/** Resubmits the export the page shows (expired, failed, cancelled or with its file gone) and opens the tab on the new one; a refusal (limits, rights) is shown on the page. */
export async function resubmitUnavailable(_prev: ResubmitState, formData: FormData): Promise<ResubmitState> {
  const user = await requireUser("/exports");
  const q = input.safeParse({ id: formData.get("id"), organizationId: formData.get("organizationId"), tenantId: formData.get("tenantId") });
  if (!q.success) return { error: "This export could not be found." };
  const created = await toActionResult(async () => resubmitExport(exportDeps(), { userId: user.id, context: await requestContext() }, q.data));
  if (!created.ok) return { error: created.message };
  redirect(`/exports?export=${created.data.id}`);
}

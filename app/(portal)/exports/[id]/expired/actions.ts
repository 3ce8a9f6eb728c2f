"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { resubmitExport } from "@/lib/export-requests/service";
import { requireUser } from "@/lib/auth/session";
import { exportDeps } from "../../../../_lib/export-deps";
import { requestContext } from "../../../../_lib/request-context";

const input = z.object({ id: z.uuid(), organizationId: z.uuid(), tenantId: z.uuid() });

export async function resubmitExpired(formData: FormData) {
  const user = await requireUser("/exports");
  const q = input.parse({ id: formData.get("id"), organizationId: formData.get("organizationId"), tenantId: formData.get("tenantId") });
  const created = await resubmitExport(exportDeps(), { userId: user.id, context: await requestContext() }, q);
  redirect(`/exports?export=${created.id}`);
}

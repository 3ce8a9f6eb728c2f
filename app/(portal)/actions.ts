"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { signOut } from "@/auth";
import { getDb } from "@/db/client";
import { savePreference } from "@/db/queries/tenancy";
import { requireAccess } from "@/lib/permissions/guard";
import { requireUser } from "@/lib/auth/session";

const selection = z.object({ organizationId: z.uuid(), tenantId: z.uuid() });

/** Remembers the organization and tenant the user picked in the switcher, after checking they may use it. */
export async function selectWorkspace(formData: FormData) {
  const user = await requireUser("/exports");
  const [organizationId, tenantId] = String(formData.get("workspace") ?? "").split(":");
  const parsed = selection.safeParse({ organizationId, tenantId });
  if (!parsed.success) {
    await savePreference(getDb(), user.id, { organizationId: null, tenantId: null });
  } else {
    await requireAccess(getDb(), { userId: user.id, ...parsed.data }, "data.exports.read");
    await savePreference(getDb(), user.id, parsed.data);
  }
  revalidatePath("/", "layout");
}

export async function signOutAction() {
  await signOut({ redirectTo: "/sign-in" });
}

"use server";

import { revalidatePath } from "next/cache";
import { signOut } from "@/auth";
import { toActionResult, type ActionResult } from "@/lib/errors/action-result";
import { getDb } from "@/db/client";
import { requireUser } from "@/app/_lib/session";
import { selectWorkspace, type WorkspaceChoice } from "@/lib/workspaces/select";

/**
 * The switcher's choice. A refusal (another organization's tenant, a membership removed meanwhile) is a
 * result the switcher shows, with the remembered workspace unchanged.
 */
export async function selectWorkspaceAction(_prev: unknown, formData: FormData): Promise<ActionResult<WorkspaceChoice | null>> {
  const user = await requireUser("/exports");
  const result = await toActionResult(() => selectWorkspace(getDb(), user.id, formData.get("workspace")));
  // Refreshed either way: after a refusal the list of choices may be out of date (a membership removed).
  revalidatePath("/", "layout");
  return result;
}

export async function signOutAction() {
  await signOut({ redirectTo: "/sign-in" });
}

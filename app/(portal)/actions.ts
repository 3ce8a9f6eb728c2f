"use server";

import { revalidatePath } from "next/cache";
import { signOut } from "@/auth";
import { action } from "@/app/_lib/action";
import { AppError } from "@/lib/errors/app-error";
import { rememberWorkspace, requireWorkspace, WORKSPACE_UNAVAILABLE, workspacePick } from "@/lib/workspaces/select";

/**
 * The switcher's choice. A refusal (another organization's tenant, a membership removed meanwhile) is a
 * result the switcher shows, with the remembered workspace unchanged.
 */
export const selectWorkspaceAction = action({
  signIn: "/exports",
  input: (_prev: unknown, formData: FormData) => formData.get("workspace"),
  schema: workspacePick,
  unreadable: () => new AppError("not_found", WORKSPACE_UNAVAILABLE),
  permission: ({ db, user }, picked) => requireWorkspace(db, user.id, picked),
  run: ({ db, user, input }) => rememberWorkspace(db, user.id, input),
  // Refreshed either way: after a refusal the list of choices may be out of date (a membership removed).
  settled: () => revalidatePath("/", "layout"),
});

export async function signOutAction() {
  await signOut({ redirectTo: "/sign-in" });
}

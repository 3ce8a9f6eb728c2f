"use server";

import { revalidatePath } from "next/cache";
import { signOut } from "@/auth";
import { action } from "@/app/_lib/action";
import { requestedPath } from "@/app/_lib/session";
import { AppError } from "@/lib/errors/app-error";
import { rememberWorkspace, requireWorkspace, WORKSPACE_UNAVAILABLE, workspacePick } from "@/lib/workspaces/select";
import { samePageIn, splitPlacePath } from "@/lib/workspaces/url";

/**
 * The switcher's choice. A refusal (another organization's tenant, a membership removed meanwhile) is a
 * result the switcher shows, with the remembered workspace unchanged. Chosen on a page whose URL names its
 * workspace, the answer is the same kind of page in the new one (`go`): the browser loads it, so nothing of
 * the old tenant stays on screen, and the old URL is not shown again (it would make its workspace the remembered one).
 */
export const selectWorkspaceAction = action({
  signIn: "/exports",
  input: (_prev: unknown, formData: FormData) => formData.get("workspace"),
  schema: workspacePick,
  unreadable: () => new AppError("not_found", WORKSPACE_UNAVAILABLE),
  permission: ({ db, user }, picked) => requireWorkspace(db, user.id, picked),
  run: async ({ db, user, input }) => {
    const picked = await rememberWorkspace(db, user.id, input);
    const here = await requestedPath();
    const pathname = here ? new URL(here, "http://portal.invalid").pathname : null;
    // The same kind of page in the workspace chosen: Admin stays Admin, Schedules stays Schedules.
    if (pathname && splitPlacePath(pathname)) return { go: picked ? samePageIn(picked, pathname) : "/exports" };
    revalidatePath("/", "layout");
    return { go: null };
  },
});

export async function signOutAction() {
  await signOut({ redirectTo: "/sign-in" });
}

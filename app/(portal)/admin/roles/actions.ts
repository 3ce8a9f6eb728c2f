"use server";

import { revalidatePath } from "next/cache";
import { action } from "@/app/_lib/action";
import { updateRole } from "@/lib/admin/roles";
import { adminForm, field } from "../_lib/form";

/** Saves a role's permissions and realms: the checked boxes are the new set; lib/admin checks the user is an organization admin and every value. */
export const updateRoleAction = action({
  signIn: "/admin",
  ...adminForm((formData) => ({
    roleId: field(formData, "roleId"),
    permissions: formData.getAll("permissions").map(String),
    realms: formData.getAll("realms").map(String),
  })),
  run: async ({ db, actor, input }) => {
    const result = await updateRole(db, actor, input.place, input.values);
    // Roles decide the nav and what every page shows, so refresh the whole portal's data.
    revalidatePath("/", "layout");
    return result;
  },
});

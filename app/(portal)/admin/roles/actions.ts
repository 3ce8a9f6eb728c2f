"use server";

import { revalidatePath } from "next/cache";
import { toActionResult, type ActionResult } from "@/lib/errors/action-result";
import { getDb } from "@/db/client";
import { updateRole } from "@/lib/admin/roles";
import { field, placeFrom, signedInAdmin } from "../_lib/actor";

/** Saves a role's permissions and realms: the checked boxes are the new set, every value checked by lib/admin. */
export async function updateRoleAction(_prev: unknown, formData: FormData): Promise<ActionResult<{ changed: boolean }>> {
  const actor = await signedInAdmin();
  return toActionResult(async () => {
    const result = await updateRole(getDb(), actor, placeFrom(formData), {
      roleId: field(formData, "roleId"),
      permissions: formData.getAll("permissions").map(String),
      realms: formData.getAll("realms").map(String),
    });
    // Roles decide the nav and what every page shows, so refresh the whole portal's data.
    revalidatePath("/", "layout");
    return result;
  });
}

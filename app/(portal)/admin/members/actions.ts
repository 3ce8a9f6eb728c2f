"use server";

import { revalidatePath } from "next/cache";
import { toActionResult, type ActionResult } from "@/lib/errors/action-result";
import { getDb } from "@/db/client";
import { addMember, removeMember, updateMember } from "@/lib/admin/members";
import { field, placeFrom, signedInAdmin } from "../_lib/actor";

/* The Members page's changes. The form is untrusted input: lib/admin parses it and checks every rule. */

export async function addMemberAction(_prev: unknown, formData: FormData): Promise<ActionResult<{ email: string; newUser: boolean }>> {
  const actor = await signedInAdmin();
  return toActionResult(async () => {
    const added = await addMember(getDb(), actor, placeFrom(formData), {
      email: field(formData, "email"),
      roleId: field(formData, "roleId"),
      tenantId: field(formData, "tenantId"),
    });
    revalidatePath("/admin", "layout");
    return { email: added.email, newUser: added.newUser };
  });
}

export async function updateMemberAction(_prev: unknown, formData: FormData): Promise<ActionResult<{ changed: boolean }>> {
  const actor = await signedInAdmin();
  return toActionResult(async () => {
    const result = await updateMember(getDb(), actor, placeFrom(formData), {
      membershipId: field(formData, "membershipId"),
      roleId: field(formData, "roleId"),
      tenantId: field(formData, "tenantId"),
    });
    revalidatePath("/admin", "layout");
    return result;
  });
}

export async function removeMemberAction(_prev: unknown, formData: FormData): Promise<ActionResult<null>> {
  const actor = await signedInAdmin();
  return toActionResult(async () => {
    await removeMember(getDb(), actor, placeFrom(formData), { membershipId: field(formData, "membershipId") });
    // Removing oneself can take away the admin area, and the switcher's choices change with it.
    revalidatePath("/", "layout");
    return null;
  });
}

"use server";

import { revalidatePath } from "next/cache";
import { action } from "@/app/_lib/action";
import { addMember, removeMember, updateMember } from "@/lib/admin/members";
import { adminForm, field } from "../_lib/form";

/* The Members page's changes. The form is untrusted input: lib/admin checks members.manage there, parses it and checks every rule. */

export const addMemberAction = action({
  signIn: "/admin",
  ...adminForm((formData) => ({ email: field(formData, "email"), roleId: field(formData, "roleId"), tenantId: field(formData, "tenantId") })),
  run: async ({ db, actor, input }) => {
    const added = await addMember(db, actor, input.place, input.values);
    revalidatePath("/admin", "layout");
    return { email: added.email, newUser: added.newUser };
  },
});

export const updateMemberAction = action({
  signIn: "/admin",
  ...adminForm((formData) => ({ membershipId: field(formData, "membershipId"), roleId: field(formData, "roleId"), tenantId: field(formData, "tenantId") })),
  run: async ({ db, actor, input }) => {
    const result = await updateMember(db, actor, input.place, input.values);
    revalidatePath("/admin", "layout");
    return result;
  },
});

export const removeMemberAction = action({
  signIn: "/admin",
  ...adminForm((formData) => ({ membershipId: field(formData, "membershipId") })),
  run: async ({ db, actor, input }) => {
    await removeMember(db, actor, input.place, input.values);
    // Removing oneself can take away the admin area, and the switcher's choices change with it.
    revalidatePath("/", "layout");
    return null;
  },
});

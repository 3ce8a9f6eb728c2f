"use server";

import { revalidatePath } from "next/cache";
import { action } from "@/app/_lib/action";
import { LIMIT_KEYS } from "@/lib/admin/input";
import { updateLimits } from "@/lib/admin/limits";
import { adminForm, field } from "../_lib/form";

/** Saves the usage limits; each value is checked on the server, whatever the form allowed. lib/admin checks the user is an organization admin. */
export const updateLimitsAction = action({
  signIn: "/admin",
  // Every limit the schema knows, read under the name the form gives its field: none can be left out.
  ...adminForm((formData) => Object.fromEntries(LIMIT_KEYS.map((key) => [key, field(formData, key)]))),
  run: async ({ db, actor, input }) => {
    const { changed } = await updateLimits(db, actor, input.place, input.values);
    // The export form reads the limits (date range, rows), so refresh every page's data.
    revalidatePath("/", "layout");
    return { changed };
  },
});

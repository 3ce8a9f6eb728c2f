"use server";

import { revalidatePath } from "next/cache";
import { toActionResult, type ActionResult } from "@/lib/errors/action-result";
import { getDb } from "@/db/client";
import { LIMIT_KEYS } from "@/lib/admin/input";
import { updateLimits } from "@/lib/admin/limits";
import { field, placeFrom, signedInAdmin } from "../_lib/actor";

/** Saves the usage limits; each value is checked on the server, whatever the form allowed. */
export async function updateLimitsAction(_prev: unknown, formData: FormData): Promise<ActionResult<{ changed: boolean }>> {
  const actor = await signedInAdmin();
  return toActionResult(async () => {
    // Every limit the schema knows, read under the name the form gives its field: none can be left out.
    const values = Object.fromEntries(LIMIT_KEYS.map((key) => [key, field(formData, key)]));
    const { changed } = await updateLimits(getDb(), actor, placeFrom(formData), values);
    // The export form reads the limits (date range, rows), so refresh every page's data.
    revalidatePath("/", "layout");
    return { changed };
  });
}

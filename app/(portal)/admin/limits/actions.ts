"use server";

import { revalidatePath } from "next/cache";
import { toActionResult, type ActionResult } from "@/app/_lib/action-result";
import { getDb } from "@/db/client";
import { updateLimits } from "@/lib/admin/limits";
import { field, placeFrom, signedInAdmin } from "../_lib/actor";

/** Saves the usage limits; each value is checked on the server, whatever the form allowed. */
export async function updateLimitsAction(_prev: unknown, formData: FormData): Promise<ActionResult<{ changed: boolean }>> {
  const actor = await signedInAdmin();
  return toActionResult(async () => {
    const { changed } = await updateLimits(getDb(), actor, placeFrom(formData), {
      maxRowsPerExport: field(formData, "maxRowsPerExport"),
      maxActiveExportsPerUser: field(formData, "maxActiveExportsPerUser"),
      retentionDays: field(formData, "retentionDays"),
      maxRangeDays: field(formData, "maxRangeDays"),
    });
    // The export form reads the limits (date range, rows), so refresh every page's data.
    revalidatePath("/", "layout");
    return { changed };
  });
}

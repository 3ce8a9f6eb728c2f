"use server";

import { revalidatePath } from "next/cache";
import { toActionResult, type ActionResult } from "@/lib/errors/action-result";
import { requestContext } from "@/app/_lib/request-context";
import { getDb } from "@/db/client";
import { createApiToken, revokeApiToken } from "@/lib/api-tokens/service";
import { requireUser } from "@/app/_lib/session";
import type { CreatedToken } from "./_lib/types";

/*
 * The Developer tab's mutations. What the browser sends is untrusted: the token service parses it and
 * checks tokens.manage and every scope against the signed-in user's rights, whatever the form offered.
 */

export async function createTokenAction(raw: unknown): Promise<ActionResult<CreatedToken>> {
  const user = await requireUser("/settings/tokens");
  return toActionResult(async () => {
    const created = await createApiToken(getDb(), { userId: user.id, context: await requestContext() }, raw);
    revalidatePath("/settings/tokens");
    return { token: created.token, name: created.name, prefix: created.prefix };
  });
}

export async function revokeTokenAction(raw: unknown): Promise<ActionResult<null>> {
  const user = await requireUser("/settings/tokens");
  return toActionResult(async () => {
    await revokeApiToken(getDb(), { userId: user.id, context: await requestContext() }, raw);
    revalidatePath("/settings/tokens");
    return null;
  });
}

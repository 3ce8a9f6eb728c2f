"use server";

import { revalidatePath } from "next/cache";
import { action } from "@/app/_lib/action";
import { createTokenInput, tokenRef } from "@/lib/api-tokens/input";
import { createApiToken, revokeApiToken } from "@/lib/api-tokens/service";
import type { CreatedToken } from "./_lib/types";

/*
 * The Developer tab's mutations. What the browser sends is untrusted: it is parsed here with the token
 * service's own schemas, and the service checks tokens.manage and every scope against the signed-in
 * user's rights, whatever the form offered.
 */

export const createTokenAction = action({
  signIn: "/settings/tokens",
  input: (raw: unknown) => raw,
  schema: createTokenInput,
  run: async ({ db, actor, input }): Promise<CreatedToken> => {
    const created = await createApiToken(db, actor, input);
    revalidatePath("/settings/tokens");
    return { token: created.token, name: created.name, prefix: created.prefix };
  },
});

export const revokeTokenAction = action({
  signIn: "/settings/tokens",
  input: (raw: unknown) => raw,
  schema: tokenRef,
  run: async ({ db, actor, input }) => {
    await revokeApiToken(db, actor, input);
    revalidatePath("/settings/tokens");
    return null;
  },
});

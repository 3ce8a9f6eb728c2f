"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { signIn } from "@/auth";
import { getDb } from "@/db/client";
import { safeCallbackPath as safeCallback } from "@/lib/auth/callback";
import { assertLinkSent, requestSignInLink } from "@/lib/auth/sign-in-request";
import { selfSignupAllowed } from "@/lib/auth/sign-in-policy";
import { CLIENT_ADDRESS_HEADER } from "@/lib/http/client-address";

const schema = z.object({
  email: z.email("Enter a valid email address").max(320, "Enter a valid email address"),
  callbackUrl: z.string().max(2000).optional(),
});

export interface SignInState {
  error?: string;
  email?: string;
}

export async function requestMagicLink(_prev: SignInState, formData: FormData): Promise<SignInState> {
  const email = formData.get("email");
  const parsed = schema.safeParse({ email, callbackUrl: formData.get("callbackUrl") || undefined });
  if (!parsed.success) return { error: parsed.error.issues[0]?.message ?? "Enter a valid email address", email: typeof email === "string" ? email : "" };
  const { email: address, callbackUrl } = parsed.data;
  const answer = await requestSignInLink(
    {
      db: getDb(),
      allowSelfSignup: selfSignupAllowed(),
      sendLink: async (to) => {
        assertLinkSent(await signIn("email", { email: to, redirectTo: safeCallback(callbackUrl), redirect: false }));
      },
    },
    { email: address, ip: (await headers()).get(CLIENT_ADDRESS_HEADER) },
  );
  if (answer.outcome !== "asked") return { error: answer.message, email: address };
  // Auth.js would show its own "verify request" page; ours explains the mailbox in local mode.
  redirect("/check-email");
}

export async function signInWithOidc(formData: FormData) {
  const callbackUrl = formData.get("callbackUrl");
  await signIn("oidc", { redirectTo: safeCallback(typeof callbackUrl === "string" ? callbackUrl : undefined) });
}

"use server";

import { AuthError } from "next-auth";
import { z } from "zod";
import { redirect } from "next/navigation";
import { signIn } from "@/auth";

const schema = z.object({
  email: z.email("Enter a valid email address").max(320),
  callbackUrl: z.string().max(2000).optional(),
});

export interface SignInState {
  error?: string;
  email?: string;
}

/** Only same-site paths are followed after sign-in. */
function safeCallback(value: string | undefined): string {
  return value && value.startsWith("/") && !value.startsWith("//") ? value : "/exports";
}

export async function requestMagicLink(_prev: SignInState, formData: FormData): Promise<SignInState> {
  const parsed = schema.safeParse({ email: formData.get("email"), callbackUrl: formData.get("callbackUrl") || undefined });
  if (!parsed.success) return { error: parsed.error.issues[0]?.message ?? "Enter a valid email address", email: String(formData.get("email") ?? "") };
  try {
    await signIn("email", { email: parsed.data.email, redirectTo: safeCallback(parsed.data.callbackUrl), redirect: false });
  } catch (error) {
    if (error instanceof AuthError) return { error: "We could not send a sign-in link right now. Try again in a minute.", email: parsed.data.email };
    throw error;
  }
  // Auth.js would show its own "verify request" page; ours explains the mailbox in local mode.
  redirect("/check-email");
}

export async function signInWithOidc(formData: FormData) {
  await signIn("oidc", { redirectTo: safeCallback(String(formData.get("callbackUrl") ?? "")) });
}

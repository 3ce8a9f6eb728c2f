import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Alert } from "@/components/ui/misc";
import { currentUser } from "@/app/_lib/session";
import { safeCallbackPath } from "@/lib/auth/callback";
import { oidcProvider } from "@/lib/config/env";
import { mailMode } from "@/lib/email/transport";
import { signInWithOidc } from "./actions";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string; error?: string }> }) {
  const { callbackUrl: asked, error } = await searchParams;
  // Only a path of this portal is carried through sign-in; anything else becomes the default page.
  const callbackUrl = safeCallbackPath(asked);
  if (await currentUser()) redirect(callbackUrl);
  const oidc = oidcProvider();
  return (
    <Card>
      <CardHeader>
        <CardTitle as="h1">Sign in</CardTitle>
        <p className="text-sm text-slate-600">We email you a link that signs you in. No password needed.</p>
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        {error ? (
          <Alert tone="error">
            {error === "Verification"
              ? "That sign-in link has expired or was already used. Ask for a new one."
              : "Sign-in did not work. Ask for a new link, or contact your organization admin."}
          </Alert>
        ) : null}
        <SignInForm callbackUrl={callbackUrl} />
        {oidc ? (
          <form action={signInWithOidc}>
            <input type="hidden" name="callbackUrl" value={callbackUrl ?? ""} />
            <Button type="submit" variant="outline" className="w-full">
              Continue with {oidc.name}
            </Button>
          </form>
        ) : null}
        {mailMode() === "outbox" ? (
          <p className="text-xs text-slate-500">
            Local mode: emails are not sent. Open the{" "}
            <Link className="text-indigo-700 underline" href="/dev/mailbox">
              development mailbox
            </Link>{" "}
            to find your link.
          </p>
        ) : null}
      </CardContent>
    </Card>
  );
}

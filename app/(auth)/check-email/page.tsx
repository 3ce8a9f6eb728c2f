import type { Metadata } from "next";
import Link from "next/link";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { mailMode } from "@/lib/email/transport";

export const metadata: Metadata = { title: "Check your email" };

export default function CheckEmailPage() {
  return (
    <Card>
      <CardHeader>
        <CardTitle as="h1">Check your email</CardTitle>
      </CardHeader>
      <CardContent className="flex flex-col gap-3 text-sm text-slate-700">
        <p>
          If that address belongs to a member of an organization on this portal, a sign-in link is on its way. The link works once and expires in 15 minutes.
        </p>
        {mailMode() === "outbox" ? (
          <p>
            Local mode: open the{" "}
            <Link className="text-indigo-700 underline" href="/dev/mailbox">
              development mailbox
            </Link>
            .
          </p>
        ) : null}
        <Link className="text-indigo-700 underline" href="/sign-in">
          Use another address
        </Link>
      </CardContent>
    </Card>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Alert } from "@/components/ui/misc";
import { getDb } from "@/db/client";
import { listOutbox } from "@/db/queries/email-outbox";
import { mailMode } from "@/lib/email/transport";
import { fromLoopbackPeer } from "@/lib/http/loopback";

export const metadata: Metadata = { title: "Development mailbox" };
export const dynamic = "force-dynamic";

export default async function MailboxPage({ searchParams }: { searchParams: Promise<{ to?: string }> }) {
  // Every sign-in link is readable here: only for this machine (the server stamps loopback connections).
  if (mailMode() !== "outbox" || !fromLoopbackPeer(await headers())) notFound();
  const { to } = await searchParams;
  const messages = await listOutbox(getDb(), { to: to || undefined });
  return (
    <main className="mx-auto flex max-w-3xl flex-col gap-4 p-6">
      <h1 className="text-xl font-semibold">Development mailbox</h1>
      <Alert tone="warning">
        This mailbox exists only because no mail provider is configured (RESEND_API_KEY is not set). Every email the portal would send lands here instead. It is
        not available when email is delivered.
      </Alert>
      <form className="flex gap-2" role="search">
        <label htmlFor="to" className="sr-only">
          Recipient
        </label>
        <input id="to" name="to" defaultValue={to} placeholder="Filter by recipient" className="h-9 flex-1 rounded-md border border-slate-300 px-3 text-sm" />
        <button className="rounded-md bg-slate-100 px-3 text-sm">Filter</button>
      </form>
      <Card>
        <CardHeader>
          <CardTitle>{messages.length === 0 ? "No messages yet" : `${messages.length} message${messages.length === 1 ? "" : "s"}`}</CardTitle>
        </CardHeader>
        <CardContent className="p-0">
          <ul className="divide-y divide-slate-100">
            {messages.map((m) => (
              <li key={m.id}>
                <Link href={`/dev/mailbox/${m.id}`} className="flex flex-col gap-0.5 px-4 py-3 hover:bg-slate-50">
                  <span className="text-sm font-medium">{m.subject}</span>
                  <span className="text-xs text-slate-600">
                    To {m.to} · <time dateTime={m.createdAt.toISOString()}>{m.createdAt.toISOString().replace("T", " ").slice(0, 19)} UTC</time>
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        </CardContent>
      </Card>
    </main>
  );
}

import Link from "next/link";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/db/client";
import { getOutboxMessage } from "@/db/queries/email-outbox";
import { mailMode } from "@/lib/email/transport";
import { fromLoopbackPeer } from "@/lib/http/loopback";

export const dynamic = "force-dynamic";

export default async function MailboxMessagePage({ params }: { params: Promise<{ id: string }> }) {
  // Every sign-in link is readable here: only for this machine (the server stamps loopback connections).
  if (mailMode() !== "outbox" || !fromLoopbackPeer(await headers())) notFound();
  const id = z.uuid().safeParse((await params).id);
  if (!id.success) notFound();
  const message = await getOutboxMessage(getDb(), id.data);
  if (!message) notFound();
  // Links open in this window rather than a new tab, so signing in from the mailbox lands right here.
  // allow-downloads: an export email's link (or a sign-in that returns to one) ends in a file download,
  // which Chromium silently drops when a sandboxed frame started the navigation.
  const base = '<base target="_top">';
  const body = message.html.replace(/\starget="_blank"/gi, "");
  const html = /<head[^>]*>/i.test(body) ? body.replace(/<head([^>]*)>/i, `<head$1>${base}`) : base + body;
  return (
    <main className="mx-auto flex max-w-3xl flex-col gap-4 p-6">
      <Link href="/dev/mailbox" className="text-sm text-indigo-700 underline">
        ← Mailbox
      </Link>
      <h1 className="text-xl font-semibold">{message.subject}</h1>
      <dl className="grid grid-cols-[auto_1fr] gap-x-3 text-sm">
        <dt className="text-slate-500">From</dt>
        <dd>{message.from}</dd>
        <dt className="text-slate-500">To</dt>
        <dd>{message.to}</dd>
        <dt className="text-slate-500">Sent</dt>
        <dd>{message.createdAt.toISOString()}</dd>
      </dl>
      <iframe
        title="Message"
        srcDoc={html}
        sandbox="allow-top-navigation allow-popups allow-popups-to-escape-sandbox allow-downloads"
        className="h-[560px] w-full rounded border border-slate-200 bg-white"
      />
      <details>
        <summary className="cursor-pointer text-sm text-slate-600">Plain-text version</summary>
        <pre className="mt-2 whitespace-pre-wrap rounded bg-slate-100 p-3 text-xs">{message.text}</pre>
      </details>
    </main>
  );
}

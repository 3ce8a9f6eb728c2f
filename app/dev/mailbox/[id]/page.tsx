import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/db/client";
import { getOutboxMessage } from "@/db/queries/outbox";
import { mailMode } from "@/lib/email/transport";

export const dynamic = "force-dynamic";

export default async function MailboxMessagePage({ params }: { params: Promise<{ id: string }> }) {
  if (mailMode() !== "outbox") notFound();
  const id = z.uuid().safeParse((await params).id);
  if (!id.success) notFound();
  const message = await getOutboxMessage(getDb(), id.data);
  if (!message) notFound();
  // Links open in the top window, as they would from a mail client.
  const html = message.html.replace(/<head>/i, '<head><base target="_top">');
  return (
    <main className="mx-auto flex max-w-3xl flex-col gap-4 p-6">
      <Link href="/dev/mailbox" className="text-sm text-indigo-700 underline">← Mailbox</Link>
      <h1 className="text-xl font-semibold">{message.subject}</h1>
      <dl className="grid grid-cols-[auto_1fr] gap-x-3 text-sm">
        <dt className="text-slate-500">From</dt>
        <dd>{message.from}</dd>
        <dt className="text-slate-500">To</dt>
        <dd>{message.to}</dd>
        <dt className="text-slate-500">Sent</dt>
        <dd>{message.createdAt.toISOString()}</dd>
      </dl>
      <iframe title="Message" srcDoc={html} sandbox="allow-top-navigation-by-user-activation allow-popups allow-same-origin" className="h-[560px] w-full rounded border border-slate-200 bg-white" />
      <details>
        <summary className="cursor-pointer text-sm text-slate-600">Plain-text version</summary>
        <pre className="mt-2 whitespace-pre-wrap rounded bg-slate-100 p-3 text-xs">{message.text}</pre>
      </details>
    </main>
  );
}

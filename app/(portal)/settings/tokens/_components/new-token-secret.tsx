"use client";

import { useSyncExternalStore } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/misc";
import { copyText } from "../../../exports/_lib/clipboard";
import { firstCallSnippet } from "../_lib/snippet";
import type { CreatedToken, TokenWorkspace } from "../_lib/types";

/** The page's origin never changes while it is open. */
const noSubscription = () => () => {};

/** The new token, shown this once with copy buttons and a first request to try it. */
export function NewTokenSecret({ created, workspace, onDone }: { created: CreatedToken; workspace: TokenWorkspace; onDone: () => void }) {
  // The origin is the browser's: behind a proxy the server does not know the address people use.
  const origin = useSyncExternalStore(
    noSubscription,
    () => window.location.origin,
    () => "",
  );
  const snippet = firstCallSnippet(origin, created.token, workspace);

  const copy = async (text: string, what: string) => {
    if (await copyText(text)) toast.success(`${what} copied`);
    else toast.error("Could not copy to the clipboard", { description: "Select the text and copy it yourself." });
  };

  return (
    <div className="flex flex-col gap-3" data-testid="new-token">
      <Alert tone="warning">
        <p className="font-medium">Copy the token “{created.name}” now.</p>
        <p>It is shown only this once; the portal keeps just a fingerprint of it. If you lose it, revoke it and create another.</p>
      </Alert>
      <div className="flex flex-col gap-1">
        <label htmlFor="new-token-value" className="text-sm font-medium text-slate-800">
          Your new API token
        </label>
        <textarea
          id="new-token-value"
          readOnly
          rows={2}
          value={created.token}
          onFocus={(e) => e.currentTarget.select()}
          className="w-full resize-none rounded-md border border-slate-300 bg-slate-50 px-3 py-2 font-mono text-xs break-all"
        />
        <Button type="button" variant="outline" size="sm" className="self-start" onClick={() => void copy(created.token, "Token")}>
          Copy token
        </Button>
      </div>
      <div className="flex flex-col gap-1">
        <p className="text-sm font-medium text-slate-800" id="first-call-label">
          Try it in a terminal
        </p>
        <pre
          aria-labelledby="first-call-label"
          data-testid="token-curl"
          className="rounded-md bg-slate-900 p-3 text-xs break-all whitespace-pre-wrap text-slate-100"
        >
          {snippet}
        </pre>
        <p className="text-xs text-slate-600">
          It lists this tenant&apos;s exports. With these variables set, the Exports tab&apos;s “Copy API request” commands run as they are.
        </p>
        <Button type="button" variant="outline" size="sm" className="self-start" onClick={() => void copy(snippet, "Example")}>
          Copy example
        </Button>
      </div>
      <Button type="button" onClick={onDone} className="self-start">
        Done, I have copied it
      </Button>
    </div>
  );
}

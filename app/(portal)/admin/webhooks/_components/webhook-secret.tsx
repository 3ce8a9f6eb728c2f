"use client";

import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/misc";
import { copyText } from "../../../exports/_lib/clipboard";

/** A signing secret, shown this once with a copy button. */
export function WebhookSecret({ url, secret, rotated, onDone }: { url: string; secret: string; rotated?: boolean; onDone: () => void }) {
  const copy = async () => {
    if (await copyText(secret)) toast.success("Secret copied");
    else toast.error("Could not copy to the clipboard", { description: "Select the text and copy it yourself." });
  };
  return (
    <div className="flex flex-col gap-2" data-testid="webhook-secret">
      <Alert tone="warning">
        <p className="font-medium">Copy the signing secret of {url} now.</p>
        <p>
          It is shown only this once. Your receiver verifies each delivery with it (for example with the standardwebhooks library).
          {rotated ? " The previous secret keeps signing beside it for 24 hours, so switch your receiver within a day." : ""}
        </p>
      </Alert>
      <label htmlFor="webhook-secret-value" className="text-sm font-medium text-slate-800">
        Signing secret
      </label>
      <textarea
        id="webhook-secret-value"
        readOnly
        rows={2}
        value={secret}
        onFocus={(e) => e.currentTarget.select()}
        className="w-full resize-none rounded-md border border-slate-300 bg-slate-50 px-3 py-2 font-mono text-xs break-all"
      />
      <div className="flex gap-2">
        <Button type="button" variant="outline" size="sm" onClick={() => void copy()}>
          Copy secret
        </Button>
        <Button type="button" size="sm" onClick={onDone}>
          Done, I have copied it
        </Button>
      </div>
    </div>
  );
}

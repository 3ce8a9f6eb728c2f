"use client";

import { createContext, useContext, type ReactNode } from "react";
import { askAdmins, missingDownloadReason, type ActionHelp } from "../_lib/why";
import type { ExportView } from "../_lib/types";

const HelpContext = createContext<ActionHelp | null>(null);

/** Given once by the page, so every row can say why an action is missing without more props through the table. */
export function ActionHelpProvider({ help, children }: { help: ActionHelp; children: ReactNode }) {
  return <HelpContext.Provider value={help}>{children}</HelpContext.Provider>;
}

/** "Why no download?" for a finished export the person may not download: the reason and whom to ask. */
export function MissingDownload({ e }: { e: ExportView }) {
  const help = useContext(HelpContext);
  const reason = help ? missingDownloadReason(e, help) : null;
  if (!help || !reason) return null;
  return (
    <details className="text-xs" data-testid="missing-download">
      <summary className="cursor-pointer rounded px-1 py-1 whitespace-nowrap text-slate-700 underline decoration-dotted underline-offset-2">
        Why no download?
      </summary>
      {/* In the flow, not floating: a floating box is cut off by the table's scrolling region. */}
      <div className="mt-1 w-56 max-w-full rounded-md border border-slate-200 bg-white p-2 text-left break-words whitespace-normal text-slate-800" role="note">
        <p className="font-medium">{reason}</p>
        <p className="mt-1">{askAdmins(help.admins)}</p>
      </div>
    </details>
  );
}

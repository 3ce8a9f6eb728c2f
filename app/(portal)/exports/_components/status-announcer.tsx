"use client";

import { useEffect, useRef, useState } from "react";
import type { ExportView } from "../_lib/types";
import { STATUS_LABELS } from "./export-status";

/** Tells screen-reader users when an export changes state while they are on the page. */
export function StatusAnnouncer({ items }: { items: ExportView[] }) {
  const seen = useRef<Map<string, ExportView["status"]> | null>(null);
  const [message, setMessage] = useState("");
  useEffect(() => {
    const previous = seen.current;
    seen.current = new Map(items.map((e) => [e.id, e.status]));
    // The first load is what the page shows; only changes after it are news.
    if (!previous) return;
    const changed = items.filter((e) => previous.has(e.id) && previous.get(e.id) !== e.status);
    if (changed.length) setMessage(changed.map((e) => `${e.realmLabel} export of ${e.scopeLabel} is now ${STATUS_LABELS[e.status]}.`).join(" "));
  }, [items]);
  return (
    <div aria-live="polite" className="sr-only" data-testid="status-announcer">
      {message}
    </div>
  );
}

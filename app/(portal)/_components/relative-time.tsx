"use client";

import { useSyncExternalStore } from "react";
import { formatDateTime, formatRelative } from "../exports/_lib/format";

/** How often relative times ("3 minutes ago") move on: often enough for minutes, one timer for the whole page. */
export const RELATIVE_TICK_MS = 30_000;

let now = Date.now();
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | null = null;

function subscribe(listener: () => void) {
  if (listeners.size === 0) {
    now = Date.now();
    timer = setInterval(() => {
      now = Date.now();
      for (const l of listeners) l();
    }, RELATIVE_TICK_MS);
  }
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = null;
    }
  };
}

// The server renders against its own clock (to the second, so every row of one render agrees); the
// browser's first render reuses its module clock, and the text may differ by seconds (suppressHydrationWarning).
const serverNow = () => (typeof window === "undefined" ? Math.floor(Date.now() / 1000) * 1000 : now);

/** The current time, shared by every subscriber and moved on every RELATIVE_TICK_MS without a refresh. */
export function useNow(): number {
  return useSyncExternalStore(subscribe, () => now, serverNow);
}

/** "3 minutes ago", kept up to date; the exact date and time, with its timezone, in the title. */
export function RelativeTime({ iso, className }: { iso: string; className?: string }) {
  const at = useNow();
  return (
    <time dateTime={iso} title={formatDateTime(iso)} className={className} suppressHydrationWarning>
      {formatRelative(iso, at)}
    </time>
  );
}

"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState, type CSSProperties, type ReactNode } from "react";
import { Toaster } from "sonner";

/** Sonner's rich colours with darker text: its own green on green reads at 4.25:1, under the 4.5:1 text needs. */
const TOAST_COLOURS = {
  "--success-text": "#065f46",
  "--info-text": "#1e3a8a",
  "--warning-text": "#7c2d12",
  "--error-text": "#991b1b",
} as CSSProperties;

export function Providers({ children }: { children: ReactNode }) {
  const [client] = useState(() => new QueryClient({ defaultOptions: { queries: { staleTime: 1_000, retry: 1 } } }));
  return (
    <QueryClientProvider client={client}>
      {children}
      <Toaster position="top-center" richColors closeButton style={TOAST_COLOURS} />
    </QueryClientProvider>
  );
}

/** An endpoint and its latest deliveries as the page hands them to the browser: plain values, no secrets. */
export interface EndpointItem {
  id: string;
  url: string;
  events: string[];
  disabledReason: string | null;
  disabled: boolean;
  createdAt: string;
  deliveries: DeliveryItem[];
}

export interface DeliveryItem {
  id: string;
  event: string;
  status: "pending" | "delivered" | "failed";
  createdAt: string;
  attempts: { at: string; status: number | null; durationMs: number; error: string | null }[];
}

/** "2026-12-01 17:20:03 UTC": one unambiguous form for every reader of the log. */
export function utc(iso: string | Date): string {
  return `${new Date(iso).toISOString().slice(0, 19).replace("T", " ")} UTC`;
}

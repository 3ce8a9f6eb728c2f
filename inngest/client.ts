import { Inngest } from "inngest";

/**
 * The portal's Inngest client. Where it sends events and how it signs is configured by environment only:
 * INNGEST_BASE_URL (the embedded engine or a self-hosted Inngest server), INNGEST_EVENT_KEY and
 * INNGEST_SIGNING_KEY; with no base URL it talks to Inngest Cloud.
 */
export const inngest = new Inngest({
  id: "data-export-portal",
  isDev: false,
});

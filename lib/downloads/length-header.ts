/**
 * Next.js removes Content-Length from route-handler responses; a response that knows its exact length
 * carries it in this header instead, and the portal's server (scripts/server.ts) restores Content-Length.
 */
export const LENGTH_HEADER = "x-portal-content-length";

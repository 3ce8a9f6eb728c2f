import "server-only";
import { headers } from "next/headers";
import type { RequestContext } from "@/lib/audit/record";
import { CLIENT_ADDRESS_HEADER } from "@/lib/http/client-address";

/** Where a request came from, for the audit trail. */
export async function requestContext(): Promise<RequestContext> {
  const h = await headers();
  return fromHeaders(h);
}

/** The address comes from the portal's server, which alone sets it (see lib/http/client-address.ts). */
export function fromHeaders(h: Headers): RequestContext {
  return { ip: h.get(CLIENT_ADDRESS_HEADER) || null, userAgent: h.get("user-agent") };
}

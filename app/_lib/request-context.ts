import "server-only";
import { headers } from "next/headers";
import type { RequestContext } from "@/lib/audit/record";

/** Where a request came from, for the audit trail. */
export async function requestContext(): Promise<RequestContext> {
  const h = await headers();
  return fromHeaders(h);
}

export function fromHeaders(h: Headers): RequestContext {
  const forwarded = h.get("x-forwarded-for")?.split(",")[0]?.trim();
  return { ip: forwarded || h.get("x-real-ip") || null, userAgent: h.get("user-agent") };
}

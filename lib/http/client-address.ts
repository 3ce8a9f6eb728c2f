/**
 * The address a request came from, as the audit trail records it. The portal's server
 * (scripts/server.ts) works it out from the connection and puts it in this header, replacing whatever a
 * client sent under the same name, so nobody can write another address into the audit trail.
 */
export const CLIENT_ADDRESS_HEADER = "x-portal-client-address";

/**
 * With no trusted proxies, the connection's peer. With `trustedProxies` proxies in front of the portal
 * (each appending the address it saw to X-Forwarded-For), the address the outermost of them saw: counted
 * from the right, since entries further left are whatever the client chose to send.
 */
export function clientAddress(remoteAddress: string | undefined, forwardedFor: string | string[] | undefined, trustedProxies: number): string | null {
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : (forwardedFor ?? ""))
    .split(",")
    .map((a) => a.trim())
    .filter(Boolean);
  // Nearest first: the connection's peer, then each address a proxy appended, right to left.
  const chain = [remoteAddress, ...hops.reverse()];
  const at = Math.min(trustedProxies, chain.length - 1);
  return chain[at] || null;
}

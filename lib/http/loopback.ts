import net from "node:net";

/**
 * Set by the portal's server (scripts/server.ts) to "1" when the connection's own peer is this machine,
 * and removed from every request otherwise, so a client cannot claim it. X-Forwarded-For plays no part:
 * a proxy on this machine makes every request look local, which is why the mailbox also needs loopback
 * listening (see listenPlan) to be safe.
 */
export const LOOPBACK_PEER_HEADER = "x-portal-loopback-peer";

const loopback = new net.BlockList();
loopback.addSubnet("127.0.0.0", 8, "ipv4");
loopback.addAddress("::1", "ipv6");

/** Whether a socket address (as Node reports remoteAddress) is this machine's loopback interface. */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1]) return loopback.check(mapped[1], "ipv4");
  const family = net.isIPv4(address) ? "ipv4" : net.isIPv6(address) ? "ipv6" : null;
  return family !== null && loopback.check(address, family);
}

/** Whether the request reached the portal over loopback, as the server stamped it. */
export function fromLoopbackPeer(headers: { get(name: string): string | null }): boolean {
  return headers.get(LOOPBACK_PEER_HEADER) === "1";
}

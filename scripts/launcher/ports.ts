import fs from "node:fs";

/** The kernel's range for the local ends of outgoing connections (Linux; elsewhere the IANA range). */
export function ephemeralRange(file = "/proc/sys/net/ipv4/ip_local_port_range"): [number, number] {
  try {
    const [low, high] = fs.readFileSync(file, "utf8").trim().split(/\s+/).map(Number);
    if (low && high) return [low, high];
  } catch {
    // Not Linux: fall through.
  }
  return [49152, 65535];
}

/** A warning for each listening port the kernel may also hand to a client, which then holds it. */
export function ephemeralPortWarnings(ports: Record<string, number>, range = ephemeralRange()): string[] {
  return Object.entries(ports)
    .filter(([, port]) => port >= range[0] && port <= range[1])
    .map(
      ([name, port]) =>
        `${name}=${port} lies in the ephemeral port range (${range[0]}–${range[1]}): while nothing listens there, a reconnecting client can be handed that port and keep the server from starting. Choose a port below ${range[0]}.`,
    );
}

/**
 * One line per port that another part of this one-machine portal already listens on, e.g. WORKER_PORT set
 * to PORT: `npm start` would get far (database, engine, workers) and then fail with EADDRINUSE. Only the
 * launcher checks this; apart, on their own machines, the web app and the workers may share a number.
 */
export function portClashes(ports: Record<string, number>): string[] {
  const taken = new Map<number, string>();
  const clashes: string[] = [];
  for (const [name, port] of Object.entries(ports)) {
    const first = taken.get(port);
    if (first) clashes.push(`${name}: must differ from ${first} (both ${port}); every part of the portal listens on a port of its own`);
    else taken.set(port, name);
  }
  return clashes;
}

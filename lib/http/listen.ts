import net from "node:net";
import { isLoopbackAddress } from "./loopback";

export interface ListenAddress {
  /** undefined: every interface (Node's default, IPv6 and IPv4). */
  host: string | undefined;
  /** A default address the machine may lack (::1 without IPv6) is skipped rather than fatal. */
  optional: boolean;
}

export interface ListenPlan {
  addresses: ListenAddress[];
  /** Where processes on this machine reach the web app (health checks, the embedded engine's calls). */
  localOrigin: (port: number) => string;
  /** Printed at start-up when the web app is reachable from other machines while email goes to the mailbox. */
  warning: string | null;
}

const LOOPBACK: ListenAddress[] = [
  { host: "127.0.0.1", optional: false },
  { host: "::1", optional: true },
];

const isWildcard = (host: string) => host === "0.0.0.0" || host === "::" || host === "*";

/**
 * Where the web app listens. Without a mail provider every sign-in link sits in the development mailbox,
 * so by default only this machine may connect; HOST opens it up (with a warning). With RESEND_API_KEY the
 * default stays every interface, as a server is expected to.
 */
export function listenPlan(env: { HOST?: string; RESEND_API_KEY?: string }): ListenPlan {
  const mailbox = !env.RESEND_API_KEY;
  const host = env.HOST === "*" ? "0.0.0.0" : env.HOST;
  let addresses: ListenAddress[];
  if (host === undefined) addresses = mailbox ? LOOPBACK : [{ host: undefined, optional: false }];
  else if (host === "localhost") addresses = LOOPBACK;
  else addresses = [{ host, optional: false }];

  const first = addresses[0]?.host;
  const probe = first === undefined || isWildcard(first) || first === "127.0.0.1" ? "127.0.0.1" : first;
  const localOrigin = (port: number) => `http://${net.isIPv6(probe) ? `[${probe}]` : probe}:${port}`;

  const local = addresses.every((a) => a.host !== undefined && isLoopbackAddress(a.host));
  const warning =
    mailbox && !local
      ? `HOST=${env.HOST}: the web app accepts connections from other machines, while email still goes to the development ` +
        "mailbox because RESEND_API_KEY is not set. The mailbox answers only to this machine; set RESEND_API_KEY to deliver sign-in links."
      : null;
  return { addresses, localOrigin, warning };
}

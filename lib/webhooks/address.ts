import dns from "node:dns";
import type { LookupFunction } from "node:net";
import ipaddr from "ipaddr.js";
import { AppError } from "../errors/app-error";

/**
 * Where a webhook may be sent. A URL the portal posts to on its own is a way into the portal's network
 * (server-side request forgery), so addresses outside the public unicast ranges — loopback, private,
 * link-local (which holds the cloud metadata service, 169.254.169.254), unique-local, carrier-grade NAT,
 * multicast, reserved — are refused unless WEBHOOKS_ALLOW_PRIVATE is on. The check runs on the addresses
 * the name resolves to, at registration and again when connecting, so a name that later points inside
 * is refused too.
 */
export function privateRefusal(host: string, address: string): string {
  const at = host === address ? `${host} is` : `${host} resolves to ${address},`;
  return `${at} a loopback, private or link-local address, which webhooks may not reach. Use a public address, or set WEBHOOKS_ALLOW_PRIVATE=true for receivers inside your network.`;
}

export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  // process() turns an IPv4-mapped IPv6 address (::ffff:127.0.0.1) into the IPv4 address it carries.
  return ipaddr.process(address).range() === "unicast";
}

/** The URL as a webhook target, or a message a person can act on. */
export function parseWebhookUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new AppError("invalid", "The URL is not valid: write it in full, e.g. https://example.com/webhooks.", { url: "Write the URL in full." });
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new AppError("invalid", "The URL must start with https:// (or http://).", { url: "Use an https:// URL." });
  }
  if (url.username || url.password) {
    throw new AppError("invalid", "The URL may not hold a user name or password; the signature authenticates deliveries.", {
      url: "Leave out the user name and password.",
    });
  }
  return url;
}

function hostOf(url: URL): string {
  // An IPv6 literal is written in brackets in a URL.
  return url.hostname.replace(/^\[|\]$/g, "");
}

/** Refuses a URL whose host is, or resolves to, a non-public address (unless allowed). */
export async function assertReachableUrl(url: URL, allowPrivate: boolean): Promise<void> {
  if (allowPrivate) return;
  const host = hostOf(url);
  const addresses = ipaddr.isValid(host)
    ? [host]
    : await dns.promises.lookup(host, { all: true, verbatim: true }).then(
        (found) => found.map((a) => a.address),
        () => {
          throw new AppError("invalid", `The host ${host} could not be found. Check the URL.`, { url: `The host ${host} could not be found.` });
        },
      );
  const inside = addresses.find((a) => !isPublicAddress(a));
  if (inside !== undefined) {
    const message = `Refused: ${privateRefusal(host, inside)}`;
    throw new AppError("invalid", message, { url: message });
  }
}

/**
 * A dns lookup for the connection itself: the address the socket connects to is the one checked, so a
 * name that resolved to a public address at registration cannot be switched to an inner one.
 */
export function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (error, found) => {
      if (error) return callback(error, "", 0);
      const list = Array.isArray(found) ? found : [];
      const inside = list.find((a) => !isPublicAddress(a.address));
      if (inside && !allowPrivate) return callback(new Error(`Refused: ${privateRefusal(hostname, inside.address)}`), "", 0);
      if (options.all) return callback(null, list);
      const first = list[0];
      if (!first) return callback(new Error(`${hostname} has no address`), "", 0);
      callback(null, first.address, first.family);
    });
  };
}

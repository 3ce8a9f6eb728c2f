import { createHash, timingSafeEqual } from "node:crypto";
import { AppError } from "@/lib/errors/app-error";
import { CLIENT_ADDRESS_HEADER } from "./client-address";

/** 127.0.0.0/8 and ::1, also as IPv4-mapped IPv6 addresses. */
export function isLoopback(address: string | null): boolean {
  if (!address) return false;
  const v4 = address.startsWith("::ffff:") ? address.slice(7) : address;
  return v4 === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

function sameSecret(given: string, expected: string): boolean {
  const digest = (s: string) => createHash("sha256").update(s).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * Why a `PUT /api/inngest` (registering the functions with the engine or Inngest) is refused, or null.
 * Anyone could otherwise make the portal re-register at will. Allowed: the launcher on the same machine
 * (loopback); whoever holds the signing key (`Authorization: Bearer <INNGEST_SIGNING_KEY>`), for a portal
 * reached only at another address; and Inngest's in-band sync, which is signed and checked by the SDK.
 */
export function syncRefusal(headers: Headers, signingKey: string | undefined): AppError | null {
  if (isLoopback(headers.get(CLIENT_ADDRESS_HEADER))) return null;
  const bearer = /^Bearer\s+(\S+)$/i.exec(headers.get("authorization") ?? "")?.[1];
  if (bearer && signingKey && sameSecret(bearer, signingKey)) return null;
  const inBand = headers.get("x-inngest-sync-kind") === "in_band" && headers.has("x-inngest-signature");
  if (inBand) return null;
  return new AppError(
    "forbidden",
    "Functions are registered from the portal's own machine (npm start does it), with the signing key, or by Inngest's signed in-band sync.",
  );
}

import { createHash } from "node:crypto";

/** A stable uuid derived from a name, so the demo seed produces the same ids on every machine. */
export function stableUuid(name: string): string {
  const h = createHash("sha1").update(`data-export-portal:${name}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h.slice(16, 18), 16) & 0x3f) | 0x80).toString(16)}${h.slice(18, 20)}-${h.slice(20, 32)}`;
}

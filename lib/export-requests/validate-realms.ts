import type { ExportFilter, ExportRealmRequest } from "@/db/schema";
import { quoted } from "../errors/field-errors";
import type { Access } from "../permissions/guard";
import { getRealm, REALM_IDS } from "../realms/catalog";
import type { ExportRequestInput } from "./input";

/** What one realm of a request asks for, before its checks: the realm, its fields if chosen, its filters. */
interface RealmAsked {
  realm: string;
  fields?: string[];
  filters?: ExportFilter[];
}

type RealmErrors = Partial<Record<"realm" | "fields" | "filters", string>>;

/** The checks of one realm: known, exportable by this person, its fields and filters its own. */
function checkRealm(access: Access, asked: RealmAsked): { errors: RealmErrors; resolved: ExportRealmRequest } {
  const errors: RealmErrors = {};
  const filters = asked.filters ?? [];
  const realm = getRealm(asked.realm);
  if (!realm) errors.realm = `Choose a realm from the list: ${REALM_IDS.join(", ")}.`;
  else if (!access.realms.has(realm.id)) errors.realm = `Your role may not export the ${realm.label} realm. Choose another realm, or ask an admin for access.`;
  const fields = asked.fields ?? realm?.fields.map((f) => f.name) ?? [];
  if (realm) {
    const unknown = fields.filter((f) => !realm.fields.some((rf) => rf.name === f));
    if (unknown.length)
      errors.fields = `The ${realm.label} realm has no field${unknown.length > 1 ? "s" : ""} ${unknown
        .slice(0, 5)
        .map((f) => quoted(f))
        .join(", ")}. Choose fields from the list.`;
    if (new Set(fields).size !== fields.length) errors.fields = "Each field can be chosen once.";
    const badFilter = filters.findIndex((f) => !realm.fields.some((rf) => rf.name === f.field));
    if (badFilter !== -1) errors.filters = `Filter ${badFilter + 1}: ${quoted(filters[badFilter]?.field)} is not a field of the ${realm.label} realm.`;
  }
  return { errors, resolved: { realm: realm?.id ?? asked.realm, fields, filters } };
}

const MIXED =
  "Send either realm (with its fields and filters) or realms (each with its own fields and filters), not both. Move the top-level fields and filters into the realm they belong to.";

/**
 * The realms of a request, checked. One realm (`realm`, top-level fields and filters) is refused with the
 * keys the form has always shown; several (`realms`) are refused under "realms", each message naming its
 * realm. A refused realm is refused in the same words either way.
 */
export function checkRealms(access: Access, input: ExportRequestInput): { errors: Record<string, string>; realms: ExportRealmRequest[] } {
  if (!input.realms) {
    if (input.realm === undefined) return { errors: { realm: "Choose a realm." }, realms: [] };
    const { errors, resolved } = checkRealm(access, { realm: input.realm, fields: input.fields, filters: input.filters });
    return { errors, realms: [resolved] };
  }
  if (input.realm !== undefined || input.fields !== undefined || input.filters !== undefined) return { errors: { realms: MIXED }, realms: [] };
  const seen = new Set<string>();
  const messages: string[] = [];
  const realms = input.realms.map((asked, i) => {
    const { errors, resolved } = checkRealm(access, asked);
    const label = getRealm(asked.realm)?.label;
    if (seen.has(resolved.realm)) messages.push(`Each realm can be chosen once: ${label ?? quoted(asked.realm)} is in the list twice. Remove one.`);
    seen.add(resolved.realm);
    // The forbidden-realm sentence names its realm already; the others say which realm they are about.
    if (errors.realm) messages.push(label ? errors.realm : `Realm ${i + 1}: ${errors.realm[0]?.toLowerCase()}${errors.realm.slice(1)}`);
    if (errors.fields) messages.push(errors.fields.startsWith("The ") ? errors.fields : `${label ?? `Realm ${i + 1}`}: ${errors.fields}`);
    if (errors.filters) messages.push(`${label ?? `Realm ${i + 1}`}, ${errors.filters[0]?.toLowerCase()}${errors.filters.slice(1)}`);
    return resolved;
  });
  return { errors: messages.length ? { realms: messages.join(" ") } : {}, realms };
}

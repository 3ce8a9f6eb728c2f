import { z } from "zod";
import { PERMISSIONS } from "../permissions/roles";
import { REALM_IDS } from "../realms/catalog";
import { LIMIT_BOUNDS } from "./limit-bounds";

/** A form's empty select sends "", which means "all tenants" (organization-wide) here. */
const tenantChoice = z.preprocess((v) => (v === "" || v === undefined ? null : v), z.uuid("Choose a tenant or all tenants").nullable());

/** A form's whole body is not an object only when something other than the form sent it. */
const FORM = { error: "The form could not be read. Reload the page and try again." };

export const addMemberInput = z.object(
  {
    email: z
      .string({ error: "Enter an email address, e.g. name@example.com" })
      .trim()
      .toLowerCase()
      .pipe(z.email("Enter an email address, e.g. name@example.com"))
      .pipe(z.string().max(254, "Email is too long")),
    roleId: z.uuid("Choose a role"),
    tenantId: tenantChoice,
  },
  FORM,
);

export const updateMemberInput = z.object(
  {
    membershipId: z.uuid("Member not found"),
    roleId: z.uuid("Choose a role"),
    tenantId: tenantChoice,
  },
  FORM,
);

export const removeMemberInput = z.object({ membershipId: z.uuid("Member not found") }, FORM);

export const updateRoleInput = z.object(
  {
    roleId: z.uuid("Role not found"),
    permissions: z
      .array(z.enum(PERMISSIONS, { error: "Choose permissions from the list" }), { error: "Choose permissions from the list" })
      .transform((list) => PERMISSIONS.filter((p) => list.includes(p))),
    realms: z
      .array(z.enum(REALM_IDS, { error: "Choose realms from the list" }), { error: "Choose realms from the list" })
      .transform((list) => REALM_IDS.filter((r) => list.includes(r))),
  },
  FORM,
);

export { LIMIT_BOUNDS, LIMIT_KEYS, type LimitKey } from "./limit-bounds";

/** A whole number within bounds, with messages that name the field as the form labels it. */
function limit({ label, min, max, unit }: { label: string; min: number; max: number; unit: string }) {
  const range = `between ${min.toLocaleString("en-US")} and ${max.toLocaleString("en-US")}${unit}`;
  return z.preprocess(
    // "1,000,000" is how people write big numbers; an empty field is a missing value, not zero.
    (v) => (typeof v === "string" ? (v.trim() === "" ? undefined : v.replace(/[,_\s]/g, "")) : v),
    z.coerce
      .number({ error: `${label} must be a whole number ${range}` })
      .int(`${label} must be a whole number ${range}`)
      .min(min, `${label} must be ${range}`)
      .max(max, `${label} must be ${range}`),
  );
}

/** The same, or no limit at all: an empty field, "no limit" or "none" saves null. */
function optionalLimit(bounds: { label: string; min: number; max: number; unit: string }) {
  return z.preprocess((v) => (v === null || (typeof v === "string" && /^\s*(no\s*limit|none)?\s*$/i.test(v)) ? null : v), limit(bounds).nullable());
}

export const updateLimitsInput = z.object(
  {
    maxRowsPerExport: limit(LIMIT_BOUNDS.maxRowsPerExport),
    maxActiveExportsPerUser: limit(LIMIT_BOUNDS.maxActiveExportsPerUser),
    maxConcurrentExports: limit(LIMIT_BOUNDS.maxConcurrentExports),
    retentionDays: limit(LIMIT_BOUNDS.retentionDays),
    maxRangeDays: optionalLimit(LIMIT_BOUNDS.maxRangeDays),
  },
  FORM,
);

export { parseInput } from "../errors/parse-input";

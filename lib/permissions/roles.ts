import { REALM_IDS } from "../realms/catalog";

export const PERMISSIONS = [
  "data.exports.read",
  "data.exports.create",
  "data.exports.manage",
  "members.manage",
  "tokens.manage",
  "studies.read",
  "studies.manage",
  "studies.identified",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export interface RoleDefinition {
  key: string;
  name: string;
  permissions: Permission[];
  realms: string[];
}

/** Roles every organization starts with. Organization admins can change them afterwards. */
export const DEFAULT_ROLES: RoleDefinition[] = [
  { key: "admin", name: "Admin", permissions: [...PERMISSIONS], realms: [...REALM_IDS] },
  {
    key: "tenant-admin",
    name: "Tenant admin",
    permissions: [
      "data.exports.read",
      "data.exports.create",
      "data.exports.manage",
      "members.manage",
      "tokens.manage",
      "studies.read",
      "studies.manage",
      "studies.identified",
    ],
    realms: [...REALM_IDS],
  },
  { key: "analyst", name: "Analyst", permissions: ["data.exports.read", "data.exports.create", "studies.read"], realms: ["jobs", "events"] },
  { key: "viewer", name: "Viewer", permissions: ["data.exports.read"], realms: [] },
];

export function isPermission(value: string): value is Permission {
  return (PERMISSIONS as readonly string[]).includes(value);
}

import type { Permission } from "@/lib/permissions/roles";

/** Each permission in the product's words, for the role editor and the role list. */
export const PERMISSION_LABELS: Record<Permission, { label: string; description: string }> = {
  "data.exports.read": { label: "See exports", description: "See the tenant's exports and download those they may export." },
  "data.exports.create": { label: "Request exports", description: "Request new exports of the realms checked below." },
  "data.exports.manage": { label: "Manage others' exports", description: "Cancel or delete exports other people requested." },
  "members.manage": { label: "Manage members", description: "Add and remove members; for all tenants also roles, limits and the audit log." },
  "tokens.manage": { label: "Manage API tokens", description: "See and revoke everyone's API tokens. Anyone who may see exports manages their own." },
  "studies.read": { label: "See research studies", description: "See studies, cohorts and participants, and export them within the realms below." },
  "studies.manage": { label: "Manage research studies", description: "Define studies and cohorts, their member lists and de-identification." },
  "studies.identified": {
    label: "Export identified study data",
    description: "Export study participants with their real ids, dates and free text. Without it, study exports are de-identified.",
  },
};

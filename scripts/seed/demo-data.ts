/** The demo world: two organizations, each with two tenants, two projects per tenant and two apps per project. */
export const DEMO_ORGANIZATIONS = [
  {
    slug: "acme",
    name: "Acme",
    tenants: [
      { slug: "research", name: "Research", projects: ["Genomics", "Clinical trials"] },
      { slug: "operations", name: "Operations", projects: ["Logistics", "Customer app"] },
    ],
  },
  {
    slug: "globex",
    name: "Globex",
    tenants: [
      { slug: "north", name: "North", projects: ["Sensors", "Retail"] },
      { slug: "south", name: "South", projects: ["Mobile", "Web shop"] },
    ],
  },
] as const;

export const DEMO_APPS_PER_PROJECT = ["iOS", "Web"] as const;

export interface DemoUser {
  email: string;
  name: string;
  organization: string;
  /** Tenant slug for a tenant-level membership; omitted for organization-wide. */
  tenant?: string;
  role: string;
  description: string;
}

export const DEMO_USERS: DemoUser[] = [
  { email: "admin@acme.test", name: "Ada Admin", organization: "acme", role: "admin", description: "Acme organization admin" },
  {
    email: "analyst@acme.test",
    name: "Ana Lyst",
    organization: "acme",
    tenant: "research",
    role: "analyst",
    description: "creates exports in Acme / Research (jobs and events)",
  },
  { email: "viewer@acme.test", name: "Vic Viewer", organization: "acme", role: "viewer", description: "read only in Acme" },
  { email: "admin@globex.test", name: "Gus Globex", organization: "globex", role: "admin", description: "Globex organization admin" },
];

export const slugify = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
